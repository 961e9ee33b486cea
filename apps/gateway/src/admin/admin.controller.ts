import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IdParam } from '../http/dto-decorators';
import { AuthUser, CurrentUser, Roles } from '../security';
import { AdminService } from './admin.service';
import {
  AdminJobsQuery,
  AdminPageQuery,
  AdminUsersQuery,
  MonitoringQuery,
  ParkedEventParam,
  ParkedEventsQuery,
  SetActiveDto,
  SetFeaturedDto,
} from './dto/admin.dto';

/** Administration: admins only (403 for other roles, 401 without a token). */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin')
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Get('stats')
  @ApiOperation({ summary: 'Totals of users, companies, jobs (by status), applications and notifications' })
  stats() {
    return this.admin.stats();
  }

  @Get('users')
  @ApiOperation({ summary: 'Users, newest first: skip, limit (1..100), role, is_active, search (e-mail or name)' })
  users(@Query() query: AdminUsersQuery) {
    return this.admin.users(query);
  }

  @Get('employers')
  @ApiOperation({ summary: 'Employers with their company' })
  employers(@Query() query: AdminPageQuery) {
    return this.admin.employers(query);
  }

  @Get('jobs')
  @ApiOperation({ summary: 'Jobs of every status, newest first, with their real application counts' })
  jobs(@Query() query: AdminJobsQuery) {
    return this.admin.jobs(query);
  }

  @Put('jobs/:id/featured')
  @ApiOperation({
    summary: '(ours) Feature a job on the board or stop: is_featured in the job shapes, GET /api/jobs?featured=true; 404 no such job',
  })
  setFeatured(@Param() { id }: IdParam, @Body() body: SetFeaturedDto) {
    return this.admin.setFeatured(id, body.is_featured);
  }

  @Put('users/:id/activate')
  @ApiOperation({ summary: "Activate or deactivate a user (not yourself: 400); takes effect on the user's tokens within seconds" })
  setActive(@CurrentUser() admin: AuthUser, @Param() { id }: IdParam, @Body() body: SetActiveDto) {
    return this.admin.setActive(admin.id, id, body.is_active);
  }

  @Delete('users/:id')
  @ApiOperation({ summary: 'Delete a user and their data in every service (not yourself: 400), as account deletion does' })
  delete(@CurrentUser() admin: AuthUser, @Param() { id }: IdParam) {
    return this.admin.delete(admin.id, id);
  }

  @Get('me')
  @ApiOperation({ summary: "The signed-in admin's account" })
  me(@CurrentUser() admin: AuthUser) {
    return this.admin.me(admin.id);
  }

  @Get('monitoring')
  @ApiOperation({
    summary:
      'Database figures of every service, gathered in parallel: pool (in use, idle, waiting), cache hit ratio, table and index sizes, index usage, slow statements (pg_stat_statements, or why not available), connections, blocked/blocking locks',
  })
  monitoring(@Query() query: MonitoringQuery) {
    return this.admin.monitoring(query.slow_ms);
  }

  @Get('events/parked')
  @ApiOperation({ summary: '(ours) Events each service parked (poison, or failed 5 times), newest first, with payload and error' })
  parkedEvents(@Query() query: ParkedEventsQuery) {
    return this.admin.parkedEvents(query.limit);
  }

  @Post('events/parked/:service/:id/replay')
  @HttpCode(200)
  @ApiOperation({
    summary:
      '(ours) Run a parked event once more, after its cause was fixed; 404 OPS.PARKED_NOT_FOUND, 409 OPS.REPLAY_FAILED (it stays parked)',
  })
  replayParked(@Param() { service, id }: ParkedEventParam) {
    return this.admin.replayParked(service, id);
  }

  @Post('maintenance/run')
  @HttpCode(200)
  @ApiOperation({ summary: "Run every service's scheduled maintenance now (outbox purge, notifications archive)" })
  runMaintenance() {
    return this.admin.runMaintenance();
  }
}
