/**
 * The admins' accounts pages: /admin/accounts (every account and the create form) and
 * /admin/accounts/:id (role, scope, password, disable, unlock, API tokens). Others get the 403 page;
 * the changes themselves go through the accounts API, which checks the role again.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { accountById, listAccounts, listApiTokens } from '../../../db/queries/accounts.ts';
import type { AppDeps } from '../../app.ts';
import { accountViews } from '../../auth/account-rules.ts';
import { requireConsole } from '../../auth/console-guard.ts';
import { nowOf } from '../../auth/sessions.ts';
import { consoleLang, consoleT } from '../index.ts';
import { page } from '../layout.ts';
import { editBody } from './accounts/edit.ts';
import { listBody, SCRIPT_KEYS } from './accounts/list.ts';
import { clientStrings, sendPage } from './broadcasts/shared.ts';

const NS = 'console-accounts';

/** Registers the accounts pages (admins only). */
export const accountsPage =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const db = () => deps.bot.database.db;
    const tz = deps.config.timezone;
    const setup = (req: FastifyRequest) => {
      const lang = consoleLang(req);
      const t = consoleT(deps, lang, NS);
      const shell = {
        lang,
        t: consoleT(deps, lang),
        actor: req.actor,
        current: 'accounts',
        scripts: ['accounts.js'],
        styles: ['accounts.css'],
      };
      return { lang, t, shell, strings: clientStrings(t, SCRIPT_KEYS) };
    };
    app.addHook('preHandler', requireConsole(deps, 'admin'));

    app.get('/admin/accounts', async (req, reply) => {
      const { lang, t, shell, strings } = setup(req);
      const now = nowOf(deps);
      const accounts = await accountViews(db(), await listAccounts(db()), now);
      const units = deps.bot.content().units.all();
      const body = listBody({ t, lang, tz, accounts, units, strings });
      return sendPage(reply, page({ ...shell, title: t('list.title'), body }));
    });

    app.get('/admin/accounts/:id', async (req, reply) => {
      const { lang, t, shell, strings } = setup(req);
      const raw = (req.params as { id: string }).id;
      const row = /^[1-9][0-9]{0,14}$/.test(raw) ? await accountById(db(), Number(raw)) : undefined;
      if (!row) return reply.callNotFound();
      const [account] = await accountViews(db(), [row], nowOf(deps));
      if (!account) return reply.callNotFound();
      const tokens = await listApiTokens(db(), row.id);
      const units = deps.bot.content().units.all();
      const body = editBody({ t, lang, tz, account, tokens, units, strings });
      return sendPage(reply, page({ ...shell, title: t('edit.title', { name: row.username }), body }));
    });
  };
