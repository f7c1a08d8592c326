import 'reflect-metadata';
import { runServiceMain, SystemClock } from '@app/shared';
import { FaultModule } from './fault.module';

runServiceMain('fault', (env) => FaultModule.forRoot({ env, clock: new SystemClock() }));
