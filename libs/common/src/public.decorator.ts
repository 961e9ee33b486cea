import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'intowork:public';

/** No token needed (probes, metrics, sign-up, the public job list...). Every other gateway route requires one. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
