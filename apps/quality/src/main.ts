import 'reflect-metadata';
import { runServiceMain, SystemClock } from '@app/shared';
import { QualityEnv } from './quality.env';
import { QualityModule } from './quality.module';

runServiceMain('quality', (env) => QualityModule.forRoot({ env, clock: new SystemClock() }), QualityEnv);
