/* gw-townd-users.c: gridwatch-townd's user commands
 *
 * They run in their own process on the server's database, while the
 * server runs or not: the server looks tokens up on every request, and
 * checks its live sockets' tokens again each second, so a revocation
 * takes effect there without telling it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gridwatch-townd"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-store-users.h"
#include "gw-field.h"
#include "gw-townd-users.h"

#define MAX_TOKEN_DAYS 3650

static gboolean
check_days (int token_days)
{
  if (token_days >= 0 && token_days <= MAX_TOKEN_DAYS)
    return TRUE;
  g_printerr (_("gridwatch-townd: --token-days must be 1 to %d (or 0 for a token that does not expire)\n"),
              MAX_TOKEN_DAYS);
  return FALSE;
}

/* The token alone on its line, for scripts; it is shown only this once. */
static int
print_token (char         *token,
             const GError *error)
{
  if (token == NULL)
    {
      g_printerr ("gridwatch-townd: %s\n", error->message);
      return 1;
    }
  g_print ("%s\n", token);
  g_free (token);
  return 0;
}

int
gw_townd_add_user (GwStore    *store,
                   const char *name,
                   const char *role_name,
                   const char *display_name,
                   int         token_days)
{
  g_autoptr(GError) error = NULL;
  char *token;
  GwRole role;

  if (role_name == NULL || !gw_role_from_string (role_name, &role))
    {
      g_printerr (_("gridwatch-townd: --role must be dispatcher, leader, planner, worker, admin, department, head or intake\n"));
      return 2;
    }
  if (!check_days (token_days))
    return 2;
  /* A name that cannot be shown is refused before any token is made. */
  if (display_name && !gw_text_check (display_name, -1, GW_FIELD_NOT_BLANK, GW_FIELD_NAME_CHARS, "--display-name", &error))
    return print_token (NULL, error);
  token = gw_store_add_user (store, name, role, token_days, &error);
  if (token && display_name && !gw_store_set_user_display_name (store, name, display_name, &error))
    g_clear_pointer (&token, g_free);
  return print_token (token, error);
}

int
gw_townd_rotate_token (GwStore    *store,
                       const char *name,
                       int         token_days)
{
  g_autoptr(GError) error = NULL;
  char *token;

  if (!check_days (token_days))
    return 2;
  token = gw_store_rotate_token (store, name, token_days, &error);
  return print_token (token, error);
}

int
gw_townd_revoke_user (GwStore    *store,
                      const char *name)
{
  g_autoptr(GError) error = NULL;

  if (!gw_store_revoke_user (store, name, &error))
    {
      g_printerr ("gridwatch-townd: %s\n", error->message);
      return 1;
    }
  g_printerr (_("gridwatch-townd: revoked %s: their token is refused from now on, and a running server closes "
                "their live connections within seconds\n"), name);
  return 0;
}

static const char *
user_state (const GwUserRecord *user,
            GDateTime          *now)
{
  g_autoptr(GDateTime) expiry = NULL;

  if (user->revoked_at)
    return "revoked";
  if (user->expires_at == NULL)
    return "active";
  expiry = g_date_time_new_from_iso8601 (user->expires_at, NULL);
  return expiry && g_date_time_compare (now, expiry) < 0 ? "active" : "expired";
}

/* A name from a database of before names were checked must not break
 * the line or the columns. */
static char *
printable (const char *text)
{
  char *clean = g_utf8_make_valid (text ? text : "", -1);

  for (char *p = clean; *p; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = ' ';
  return clean;
}

/* One line a user, tab-separated under a header, for people and scripts
 * alike; tokens are not kept, so none can be shown. */
int
gw_townd_list_users (GwStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  if (!(users = gw_store_list_users (store, &error)))
    {
      g_printerr ("gridwatch-townd: %s\n", error->message);
      return 1;
    }

  g_print ("name\trole\tcreated\texpires\trevoked\tstate\n");
  for (guint i = 0; i < users->len; i++)
    {
      const GwUserRecord *user = g_ptr_array_index (users, i);
      g_autofree char *name = printable (user->name);
      g_autofree char *role = printable (user->role);
      g_autofree char *created = printable (user->created_at);
      g_autofree char *expires = printable (user->expires_at ? user->expires_at : "never");
      g_autofree char *revoked = printable (user->revoked_at ? user->revoked_at : "-");

      g_print ("%s\t%s\t%s\t%s\t%s\t%s\n", name, role, created, expires, revoked, user_state (user, now));
    }
  return 0;
}
