import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../http/api-errors';
import { ApiPage } from '../http/api-page';
import { IdParam } from '../http/id-param';
import { Allow } from './access';
import { CreateUserRequest, ListUsersQuery, UpdateUserRequest, UserView } from './identity.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
@Allow()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiOperation({ summary: 'Create a user with its roles (a customer user names its customer)' })
  @ApiCreatedResponse({ type: UserView })
  @ApiProblems(400, 409, 422)
  create(@Body() body: CreateUserRequest) {
    return this.users.create(body);
  }

  @Get()
  @ApiOperation({ summary: 'List users, paged, filtered by role, customer, active and name' })
  @ApiPage(UserView)
  @ApiProblems(400)
  list(@Query() query: ListUsersQuery) {
    return this.users.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user' })
  @ApiOkResponse({ type: UserView })
  @ApiProblems(400, 404)
  get(@Param() { id }: IdParam) {
    return this.users.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change roles, customer, name or password, or disable; the user\'s sessions end' })
  @ApiOkResponse({ type: UserView })
  @ApiProblems(400, 404, 422)
  update(@Param() { id }: IdParam, @Body() body: UpdateUserRequest) {
    return this.users.update(id, body);
  }
}
