import { Body, ConflictException, Controller, Delete, Get, HttpCode, Inject, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiKeyStore, LastAdminKeyError, UnknownApiKeyError } from '@ledger/access';
import { ApiKeyDto, ApiKeysDto, IssuedApiKeyDto } from './dto/api-key.dto';
import { CreateApiKeyDto } from './dto/create-api-key.dto';
import { Roles } from './roles.decorator';

@ApiTags('admin')
@Roles('admin')
@Controller('v1/admin/keys')
export class AdminKeysController {
  constructor(@Inject(ApiKeyStore) private readonly keys: ApiKeyStore) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create an API key; its secret is in this response only' })
  @ApiResponse({ status: 201, type: IssuedApiKeyDto })
  create(@Body() request: CreateApiKeyDto): Promise<IssuedApiKeyDto> {
    return this.keys.issue(request);
  }

  @Get()
  @ApiOperation({ summary: 'Every API key, revoked ones included; never their secrets' })
  @ApiResponse({ status: 200, type: ApiKeysDto })
  async list(): Promise<ApiKeysDto> {
    return { keys: await this.keys.list() };
  }

  @Delete(':keyId')
  @ApiOperation({ summary: 'Revoke an API key, effective at once' })
  @ApiResponse({ status: 200, type: ApiKeyDto })
  @ApiResponse({ status: 404, description: 'no such key' })
  @ApiResponse({ status: 409, description: 'the last active admin key' })
  async revoke(@Param('keyId') keyId: string): Promise<ApiKeyDto> {
    try {
      return await this.keys.revoke(keyId);
    } catch (error) {
      if (error instanceof UnknownApiKeyError) throw new NotFoundException(error.message);
      if (error instanceof LastAdminKeyError) throw new ConflictException(error.message);
      throw error;
    }
  }
}
