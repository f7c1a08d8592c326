import { DynamicModule, Module } from '@nestjs/common';
import { clockEvents, DeadlineClockCustomer1764700000000, DeadlineClockIndexes1765250000000, DeadlineTables1764100000000, DeadlineWorkingDays1764810000000, EventTables1763900000000, ServiceRuntime, ServiceRuntimeModule, SettingsTables1764800000000, IdempotencyRecords1765000000000 } from '@app/shared';
import { CalendarRpcController } from './calendar/calendar.rpc';
import { Circuit } from './circuits/circuit.entity';
import { CircuitsRpc } from './circuits/circuits.rpc';
import { CircuitsService } from './circuits/circuits.service';
import { Circuits1764200000000 } from './migrations/1764200000000-circuits';
import { Orders1764300000000 } from './migrations/1764300000000-orders';
import { Presale1764400000000 } from './migrations/1764400000000-presale';
import { CustomerRecords1764500000000 } from './migrations/1764500000000-customer-records';
import { OrderVersion1764600000000 } from './migrations/1764600000000-order-version';
import { Demand, DemandProblem, ResourceCheck } from './presale/presale.entities';
import { PresaleRpc, PresaleService } from './presale/presale.service';
import { OrderNotification, OrderRecord, ServiceOrder } from './orders/order.entities';
import { OrdersRpc } from './orders/orders.rpc';
import { OrderActions } from './orders/order-actions';
import { OrderClocks } from './orders/order-clocks';
import { OrderCompletion } from './orders/order-completion.service';
import { OrderSteps } from './orders/order-steps.service';
import { OrderWarnings } from './orders/order-warnings.service';
import { OrderStore } from './orders/order.store';
import { OrdersEvents } from './orders/orders.events';
import { OrdersService } from './orders/orders.service';
import { CustomerRegion1765300000000 } from './migrations/1765300000000-customer-region';
import { OrderNotifications1765690000000 } from './migrations/1765690000000-order-notifications';
import { StockListOrder1765260000000 } from './migrations/1765260000000-stock-list-order';
import { OrderSteps1764900000000 } from './migrations/1764900000000-order-steps';
import { ResourceStock } from './stock/stock.entity';
import { StockRpcController, StockService } from './stock/stock.service';
import { CalendarAdminService } from './calendar/calendar.service';
import { Customer } from './customers/customer.entity';
import { CustomersRpc } from './customers/customers.rpc';
import { CustomersService } from './customers/customers.service';
import { Init1764000000000 } from './migrations/1764000000000-init';

export const PROVISIONING_ENTITIES = [Customer, Circuit, ServiceOrder, OrderRecord, OrderNotification, Demand, ResourceCheck, DemandProblem, ResourceStock];
export const PROVISIONING_MIGRATIONS = [EventTables1763900000000, Init1764000000000, DeadlineTables1764100000000, Circuits1764200000000, Orders1764300000000, Presale1764400000000, CustomerRecords1764500000000, OrderVersion1764600000000, DeadlineClockCustomer1764700000000, SettingsTables1764800000000, DeadlineWorkingDays1764810000000, OrderSteps1764900000000, IdempotencyRecords1765000000000, DeadlineClockIndexes1765250000000, StockListOrder1765260000000, CustomerRegion1765300000000, OrderNotifications1765690000000];

@Module({})
export class ProvisioningModule {
  static forRoot(runtime: Omit<ServiceRuntime, 'service' | 'entities' | 'migrations'>): DynamicModule {
    return {
      module: ProvisioningModule,
      imports: [
        ServiceRuntimeModule.register({ deadlines: clockEvents('provisioning'),
          ...runtime,
          service: 'provisioning',
          entities: PROVISIONING_ENTITIES,
          migrations: PROVISIONING_MIGRATIONS,
        }),
      ],
      controllers: [CustomersRpc, CircuitsRpc, CalendarRpcController, OrdersRpc, PresaleRpc, StockRpcController],
      providers: [
        CustomersService,
        CircuitsService,
        CalendarAdminService,
        OrderStore,
        OrderClocks,
        OrderActions,
        OrdersService,
        OrderSteps,
        OrderWarnings,
        OrderCompletion,
        OrdersEvents,
        PresaleService,
        StockService,
      ],
    };
  }
}
