/** The Thai areas as a list, read as en/areas.ts is (a lazily loaded chunk). */
import { common } from './common.js';
import { profile } from './profile.js';
import { cli } from './cli.js';
import { send } from './send.js';
import { input } from './input.js';
import { sandbox } from './sandbox.js';
import { otp } from './otp.js';
import { life } from './life.js';

export const thaiAreas = [common, profile, cli, send, input, sandbox, otp, life] as const;
