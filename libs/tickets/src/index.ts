export * from './tickets.module';
export * from './tickets.service';
export * from './ticket.entity';
export * from './ticket.enums';
export * from './ticket.mapper';
export * from './ticket-thread';
export * from './ticket-listing-versions';
export * from './dto/ticket.response';
