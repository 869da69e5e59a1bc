/**
 * Which language a command speaks: `--lang en|th` for one command, else SMSCTL_LANG, else the
 * profile's own `language`, else the locale (LC_ALL, LC_MESSAGES, LANG: `th_TH…` is Thai),
 * else English. Decided before the command tree is built, since help text is part of it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lang } from './index.js';

export interface LanguageChoice {
  lang: Lang;
  /** What was asked for and not understood (`--lang fr`, SMSCTL_LANG=xx): a usage error. */
  invalid?: { source: '--lang' | 'SMSCTL_LANG'; value: string };
}

export function chooseLanguage(argv: readonly string[], env: NodeJS.ProcessEnv, configDir?: string): LanguageChoice {
  const flag = flagValue(argv, '--lang');
  if (flag !== undefined) {
    const lang = parseLang(flag);
    // The error that says so speaks the language the user would otherwise have had.
    const otherwise = (env.SMSCTL_LANG && parseLang(env.SMSCTL_LANG)) || fallback(env, argv, configDir);
    return lang ? { lang } : { lang: otherwise, invalid: { source: '--lang', value: flag } };
  }
  if (env.SMSCTL_LANG) {
    const lang = parseLang(env.SMSCTL_LANG);
    return lang ? { lang } : { lang: fromLocale(env), invalid: { source: 'SMSCTL_LANG', value: env.SMSCTL_LANG } };
  }
  return { lang: fallback(env, argv, configDir) };
}

function fallback(env: NodeJS.ProcessEnv, argv: readonly string[], configDir?: string): Lang {
  return (configDir && profileLanguage(configDir, argv, env)) || fromLocale(env);
}

/** "th", "TH", "th_TH.UTF-8", "th-TH" are Thai; "en…" and "C" English; anything else unknown. */
export function parseLang(value: string): Lang | undefined {
  const v = value.trim().toLowerCase();
  if (/^th(?:[-_.@]|$)/.test(v)) return 'th';
  if (/^en(?:[-_.@]|$)/.test(v)) return 'en';
  return undefined;
}

export function fromLocale(env: NodeJS.ProcessEnv): Lang {
  // POSIX order: LC_ALL overrides LC_MESSAGES, which overrides LANG.
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^th(?:[-_.@]|$)/i.test(locale) ? 'th' : 'en';
}

/** `--name value` or `--name=value` before a `--`. */
function flagValue(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return undefined;
    if (a === name) return argv[i + 1] ?? '';
    if (a.startsWith(`${name}=`)) return a.slice(name.length + 1);
  }
  return undefined;
}

/**
 * The `language` of the profile this command will use, read straight from config.json: the
 * profile store (conf) is not loaded for this, so help and errors stay fast. An environment-only
 * profile (SMSCTL_PROVIDER) has none.
 */
function profileLanguage(configDir: string, argv: readonly string[], env: NodeJS.ProcessEnv): Lang | undefined {
  let store: { defaultProfile?: string; profiles?: Record<string, { language?: string }> };
  try {
    store = JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')) as typeof store;
  } catch {
    return undefined;
  }
  const name = flagValue(argv, '--profile') ?? flagValue(argv, '-p') ?? env.SMSCTL_PROFILE ?? (env.SMSCTL_PROVIDER ? undefined : store.defaultProfile);
  const language = name ? store.profiles?.[name]?.language : undefined;
  return typeof language === 'string' ? parseLang(language) : undefined;
}
