import { Platform1764133200000 } from './1764133200000-Platform';
import { Helpdesk1764133300000 } from './1764133300000-Helpdesk';
import { TicketSearch1764133400000 } from './1764133400000-TicketSearch';
import { Webhooks1764133500000 } from './1764133500000-Webhooks';
import { AnalyticsIndexes1764133600000 } from './1764133600000-AnalyticsIndexes';
import { TicketListingPaths1764133720000 } from './1764133720000-TicketListingPaths';
import { TicketSearchDocuments1764133740000 } from './1764133740000-TicketSearchDocuments';
import { TicketSearchDocumentsPostgres1764133760000 } from './1764133760000-TicketSearchDocumentsPostgres';
import { AnalyticsReportIndex1764133800000 } from './1764133800000-AnalyticsReportIndex';
import { TicketListingVersions1764133900000 } from './1764133900000-TicketListingVersions';
import { TicketSearchPending1764134000000 } from './1764134000000-TicketSearchPending';
import { AnalyticsResolvedAssigneeIndex1764134150000 } from './1764134150000-AnalyticsResolvedAssigneeIndex';
import { TicketListingCustomers1764134200000 } from './1764134200000-TicketListingCustomers';
import { IdempotencyPrincipal1764134300000 } from './1764134300000-IdempotencyPrincipal';
import { NotificationChannels1764134500000 } from './1764134500000-NotificationChannels';
import { WebhookPreviousSecret1764134700000 } from './1764134700000-WebhookPreviousSecret';
import { TicketListingUsers1764134800000 } from './1764134800000-TicketListingUsers';
import { OutboxCheckpoints1764134900000 } from './1764134900000-OutboxCheckpoints';
import { UserSessions1764135000000 } from './1764135000000-UserSessions';
import { EventActors1764200000000 } from './1764200000000-EventActors';
import { Teams1764210000000 } from './1764210000000-Teams';
import { AutomationRules1764220000000 } from './1764220000000-AutomationRules';
import { Jobs1764310000000 } from './1764310000000-Jobs';
import { TicketListingShapes1764320000000 } from './1764320000000-TicketListingShapes';
import { TicketSearchFacets1764330000000 } from './1764330000000-TicketSearchFacets';
import { TicketSearchFacetsPostgres1764335000000 } from './1764335000000-TicketSearchFacetsPostgres';
import { PostgresCounterSlots1764340000000 } from './1764340000000-PostgresCounterSlots';

/** Every migration, in order. Listed explicitly so the same set runs from ts (tests) and dist. */
export const MIGRATIONS = [
  Platform1764133200000,
  Helpdesk1764133300000,
  TicketSearch1764133400000,
  Webhooks1764133500000,
  AnalyticsIndexes1764133600000,
  TicketListingPaths1764133720000,
  TicketSearchDocuments1764133740000,
  TicketSearchDocumentsPostgres1764133760000,
  AnalyticsReportIndex1764133800000,
  TicketListingVersions1764133900000,
  TicketSearchPending1764134000000,
  AnalyticsResolvedAssigneeIndex1764134150000,
  TicketListingCustomers1764134200000,
  IdempotencyPrincipal1764134300000,
  NotificationChannels1764134500000,
  WebhookPreviousSecret1764134700000,
  TicketListingUsers1764134800000,
  OutboxCheckpoints1764134900000,
  UserSessions1764135000000,
  EventActors1764200000000,
  Teams1764210000000,
  AutomationRules1764220000000,
  Jobs1764310000000,
  TicketListingShapes1764320000000,
  TicketSearchFacets1764330000000,
  TicketSearchFacetsPostgres1764335000000,
  PostgresCounterSlots1764340000000,
];
