import 'reflect-metadata';
import { runServiceMain, SystemClock } from '@app/shared';
import { ProvisioningModule } from './provisioning.module';

runServiceMain('provisioning', (env) => ProvisioningModule.forRoot({ env, clock: new SystemClock() }));
