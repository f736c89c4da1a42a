import { ExecutionContext, UnauthorizedException, createParamDecorator } from '@nestjs/common';
import type { FactRecorder } from '@ledger/domain';
import type { ApiKey } from '@ledger/access';

const admitted = new WeakMap<object, ApiKey>();

/** The access guard notes the key it let a request through with. */
export function admitKey(request: object, key: ApiKey): void {
  admitted.set(request, key);
}

/** The API key the access guard admitted this request with; routes that use it are closed to callers without one. */
export const RequestKey = createParamDecorator((_: unknown, context: ExecutionContext): ApiKey => {
  const key = admitted.get(context.switchToHttp().getRequest<object>());
  if (!key) throw new UnauthorizedException('an API key is required: Authorization: Bearer <api key>');
  return key;
});

/** Longer names are cut: the name is written into every fact the key records, for good. */
const RECORDED_NAME_MAX = 100;

/** The key as the facts it records name it: id, and its name and role at this moment. */
export const recorderOf = (key: ApiKey): FactRecorder => ({
  kind: 'key',
  keyId: key.id,
  name: key.name.slice(0, RECORDED_NAME_MAX),
  role: key.role,
});
