import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CalendarRpc,
  CalendarYearParam,
  ForCustomers,
  PutCalendarYearRequest,
} from '@app/shared';
import { CalendarAdminService } from './calendar.service';

@Controller()
export class CalendarRpcController {
  constructor(private readonly calendar: CalendarAdminService) {}

  @MessagePattern(CalendarRpc.putYear.subject)
  putYear(@Payload() req: PutCalendarYearRequest) {
    return this.calendar.putYear(req);
  }

  @MessagePattern(CalendarRpc.getYear.subject)
  @ForCustomers({ kind: 'open' })
  getYear(@Payload() req: CalendarYearParam) {
    return this.calendar.getYear(req.year);
  }

  @MessagePattern(CalendarRpc.listYears.subject)
  @ForCustomers({ kind: 'open' })
  listYears() {
    return this.calendar.listYears();
  }
}
