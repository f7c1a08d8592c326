import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { withIdAndVersion } from '../mixins';

/** The longest comment a customer may leave with its rating. */
export const RATING_COMMENT_MAX = 1000;

/** A customer's rating of its closed ticket (满意度评价): once per ticket, by a user of the ticket's customer. */
export class RateTicketBody {
  @ApiProperty({ minimum: 1, maximum: 5, description: '1 (very dissatisfied) to 5 (very satisfied)', example: 5 })
  @IsInt({ message: 'score must be a whole number from 1 to 5' })
  @Min(1, { message: 'score must be from 1 to 5' })
  @Max(5, { message: 'score must be from 1 to 5' })
  score!: number;

  @ApiPropertyOptional({ maxLength: RATING_COMMENT_MAX, example: '恢复及时，反馈清楚' })
  @IsOptional()
  @IsString()
  @Length(1, RATING_COMMENT_MAX)
  comment?: string;
}

/** With If-Match, the rating applies only to the ticket as the customer last read it. */
export class RateTicketRequest extends withIdAndVersion(RateTicketBody) {}

export class TicketRatingView {
  @ApiProperty({ minimum: 1, maximum: 5 }) score!: number;
  @ApiPropertyOptional() comment?: string;
  @ApiProperty({ description: "The customer's user who rated it" }) ratedBy!: string;
  @ApiProperty({ format: 'date-time' }) ratedAt!: string;
}

/** A customer rated its closed ticket: for reporting (satisfaction by customer, unit, cause, period). */
export class TicketRatedData {
  @IsUUID() ticketId!: string;
  @IsString() number!: string;
  @IsUUID() customerId!: string;
  @IsString() circuitCode!: string;
  @IsInt() @Min(1) @Max(5) score!: number;
  @IsOptional() @IsString() comment?: string;
  /** The customer's user who rated it (username). */
  @IsString() ratedBy!: string;
  @IsISO8601() ratedAt!: string;
  /** When the ticket was closed, and its true cause category: what reporting groups satisfaction by. */
  @IsOptional() @IsISO8601() closedAt?: string;
  @IsOptional() @IsString() causeCategory?: string;
}
