import 'reflect-metadata';
import { runServiceMain, SystemClock } from '@app/shared';
import { VisitsModule } from './visits.module';

runServiceMain('visits', (env) => VisitsModule.forRoot({ env, clock: new SystemClock() }));
