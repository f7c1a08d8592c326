import { HubDispatcher } from './hub-dispatcher';
import { HubDelivery, HubSubscription } from './hub.entities';
import { HubEvents } from './hub.events';
import { HubRpc } from './hub.rpc';
import { HubService } from './hub.service';

/** TMF621's event hub inside the notifier: its tables, request handlers, event handlers and dispatcher loop. */
export const HUB_ENTITIES = [HubSubscription, HubDelivery];
export const HUB_CONTROLLERS = [HubRpc];
export const HUB_PROVIDERS = [HubService, HubEvents, HubDispatcher];
