import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CalendarRpc, CalendarYearParam, CalendarYearsView, CalendarYearView, PutCalendarYearBody } from '@app/shared';
import { ApiProblems } from '../http/api-errors';
import { NatsLink } from '../http/nats-link';
import { Allow, AnyUser } from '../identity/access';

@ApiTags('calendar')
@Controller('calendar/years')
export class CalendarController {
  constructor(private readonly nats: NatsLink) {}

  @Put(':year')
  @Allow()
  @ApiOperation({
    summary: 'Load or correct a year of the working-day calendar (admin)',
    description:
      'Replaces the year\'s public holidays and make-up working days (调休). Every service receives it as an event; open working-day deadlines that reach into the year are recomputed (time already used stays used) and the recompute is audited on each clock.',
  })
  @ApiOkResponse({ type: CalendarYearView })
  @ApiProblems(400)
  putYear(@Param() { year }: CalendarYearParam, @Body() body: PutCalendarYearBody) {
    return this.nats.send(CalendarRpc.putYear, { ...body, year });
  }

  @Get()
  @AnyUser()
  @ApiOperation({ summary: 'Every year the calendar knows, and the working hours' })
  @ApiOkResponse({ type: CalendarYearsView })
  @ApiProblems()
  list() {
    return this.nats.send(CalendarRpc.listYears, {});
  }

  @Get(':year')
  @AnyUser()
  @ApiOperation({ summary: 'One year of the calendar' })
  @ApiOkResponse({ type: CalendarYearView })
  @ApiProblems(400, 404)
  getYear(@Param() { year }: CalendarYearParam) {
    return this.nats.send(CalendarRpc.getYear, { year });
  }
}
