import 'reflect-metadata';
import { runServiceMain, SystemClock } from '@app/shared';
import { NotifierEnv } from './notifier.env';
import { NotifierModule } from './notifier.module';

runServiceMain('notifier', (env) => NotifierModule.forRoot({ env, clock: new SystemClock() }), NotifierEnv);
