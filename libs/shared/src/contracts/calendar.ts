import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsInt, IsObject, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { EmptyRequest, event, rpc } from './contract';

export class CalendarDayDto {
  @ApiProperty({ example: '2027-10-01' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'date must be YYYY-MM-DD' })
  date!: string;

  @ApiProperty({ example: '国庆节 National Day' })
  @IsString()
  @Length(1, 100)
  name!: string;
}

export class PutCalendarYearBody {
  @ApiProperty({ type: [CalendarDayDto], description: 'Public holidays (days off), in the year' })
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => CalendarDayDto)
  @ArrayMaxSize(100)
  holidays!: CalendarDayDto[];

  @ApiProperty({ type: [CalendarDayDto], description: 'Make-up working days (调休): Saturdays or Sundays that are worked' })
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => CalendarDayDto)
  @ArrayMaxSize(30)
  makeupWorkdays!: CalendarDayDto[];
}

export class CalendarYearParam {
  @ApiProperty({ example: 2027 })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;
}

export class PutCalendarYearRequest extends PutCalendarYearBody {
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;
}

export class CalendarYearView {
  @ApiProperty() year!: number;
  @ApiProperty({ type: [CalendarDayDto] }) holidays!: CalendarDayDto[];
  @ApiProperty({ type: [CalendarDayDto] }) makeupWorkdays!: CalendarDayDto[];
  @ApiProperty({ description: '0 for the published schedule shipped with the platform; +1 at each admin load' }) version!: number;
  @ApiProperty({ enum: ['published', 'admin'] }) source!: 'published' | 'admin';
}

export class CalendarYearsView {
  @ApiProperty({ type: [CalendarYearView] }) items!: CalendarYearView[];
  @ApiProperty({ example: '09:00-17:00' }) workingHours!: string;
  @ApiProperty({ enum: ['error', 'weekdays'] }) unknownYear!: 'error' | 'weekdays';
}

export const CalendarRpc = {
  putYear: rpc<PutCalendarYearRequest, CalendarYearView>('rpc.provisioning.calendar.put-year', PutCalendarYearRequest),
  getYear: rpc<CalendarYearParam, CalendarYearView>('rpc.provisioning.calendar.get-year', CalendarYearParam),
  listYears: rpc<EmptyRequest, CalendarYearsView>('rpc.provisioning.calendar.list-years', EmptyRequest),
};

export class CalendarYearUpdatedData {
  @IsInt() year!: number;
  @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => CalendarDayDto) holidays!: CalendarDayDto[];
  @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => CalendarDayDto) makeupWorkdays!: CalendarDayDto[];
  @IsInt() @Min(1) version!: number;
  @IsIn(['admin']) source!: 'admin';
}

/** From 1 November (Beijing), once a day while next year's working-day schedule is not loaded: admins must load it. */
export class CalendarNextYearMissingData {
  @IsInt() year!: number;
  /** The Beijing date of this reminder (one per day). */
  @Matches(/^\d{4}-\d{2}-\d{2}$/) date!: string;
  @IsString() message!: string;
}

export const CalendarEvents = {
  yearUpdated: event<CalendarYearUpdatedData>('evt.provisioning.calendar-year.updated.v1', CalendarYearUpdatedData),
  nextYearMissing: event<CalendarNextYearMissingData>('evt.provisioning.calendar.next-year-missing.v1', CalendarNextYearMissingData),
};
