import 'reflect-metadata';
import { runServiceMain, SystemClock } from '@app/shared';
import { ReportingModule } from './reporting.module';

runServiceMain('reporting', (env) => ReportingModule.forRoot({ env, clock: new SystemClock() }));
