/* gw-town-server-guard.c: failed logins, counted and throttled
 *
 * A 401 used to write an audit row with the caller's path: anyone could
 * grow the database by 10 MB a second without a token. Failures are now
 * counted in memory per address and minute (a bounded table), written
 * once a minute as one row per address, and an address that keeps
 * failing is answered 429 with Retry-After until its minute is over.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-town-server"

#include "config.h"

#include <string.h>

#include "gw-town-server-private.h"

/* Addresses tracked at once; beyond that, failures count under "*". */
#define MAX_TRACKED_ADDRESSES 4096
#define KEEP_FAILURE_DAYS 90

typedef struct
{
  gint64 minute;          /* Unix time / 60 */
  guint count;
  guint written;          /* of count, already in the database */
  char *last_path;
} Failures;

static void
failures_free (Failures *f)
{
  g_free (f->last_path);
  g_free (f);
}

static const GwTownServerLimits default_limits = {
  .max_json_bytes = 1024 * 1024,
  .max_media_bytes = 8 * 1024 * 1024,
  .max_websocket_message = 64 * 1024,
  .idle_timeout = 30,
  .header_timeout = 30,
  .max_connections_per_address = 300,
  .max_connections = 0,
  .auth_failures_per_minute = 20,
};

void
gw_town_server_init_guard (GwTownServer *self)
{
  self->limits = default_limits;
  self->auth_failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) failures_free);
}

void
gw_town_server_dispose_guard (GwTownServer *self)
{
  if (self->auth_failures)
    gw_town_server_flush_auth_failures (self);
  g_clear_pointer (&self->auth_failures, g_hash_table_unref);
}

/* Before the process ends: what was counted is written. */
void
gw_town_server_shutdown (GwTownServer *self)
{
  g_return_if_fail (GW_IS_TOWN_SERVER (self));

  gw_town_server_flush_auth_failures (self);
}

void
gw_town_server_set_limits (GwTownServer             *self,
                           const GwTownServerLimits *limits)
{
  g_return_if_fail (GW_IS_TOWN_SERVER (self));

#define TAKE(field) self->limits.field = limits->field ? limits->field : default_limits.field
  TAKE (max_json_bytes);
  TAKE (max_media_bytes);
  TAKE (max_websocket_message);
  TAKE (idle_timeout);
  TAKE (header_timeout);
  TAKE (max_connections_per_address);
  TAKE (max_connections);
  TAKE (auth_failures_per_minute);
#undef TAKE
}

static char *
minute_text (gint64 minute)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_utc (minute * 60);

  return g_date_time_format (at, "%Y-%m-%dT%H:%M");
}

/* Writes what was counted and forgets the minutes that are over. */
void
gw_town_server_flush_auth_failures (GwTownServer *self)
{
  gint64 now_minute = g_get_real_time () / G_USEC_PER_SEC / 60;
  GHashTableIter iter;
  gpointer key, value;
  guint total = 0, addresses = 0;

  g_hash_table_iter_init (&iter, self->auth_failures);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Failures *f = value;

      if (f->count > f->written)
        {
          g_autofree char *minute = minute_text (f->minute);
          g_autoptr(GError) error = NULL;

          if (!gw_store_record_auth_failures (self->store, minute, key, f->count - f->written, f->last_path,
                                              KEEP_FAILURE_DAYS, &error))
            g_warning ("Cannot count failed logins: %s", error->message);
          else
            {
              total += f->count - f->written;
              addresses++;
              f->written = f->count;
            }
        }
      if (f->minute < now_minute)
        g_hash_table_iter_remove (&iter);
    }

  if (total > 0)
    g_message ("%u failed authentications from %u addresses", total, addresses);
}

/* Counts a failed authentication from the message's address. Returns 0
 * to answer 401, or the seconds to put in Retry-After with a 429. */
guint
gw_town_server_count_auth_failure (GwTownServer      *self,
                                   SoupServerMessage *msg,
                                   const char        *path)
{
  const char *host = soup_server_message_get_remote_host (msg);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 minute = now / 60;
  Failures *f;

  if (host == NULL)
    host = "?";
  f = g_hash_table_lookup (self->auth_failures, host);
  if (f == NULL)
    {
      if (g_hash_table_size (self->auth_failures) >= MAX_TRACKED_ADDRESSES)
        host = "*";
      f = g_hash_table_lookup (self->auth_failures, host);
    }
  if (f == NULL)
    {
      f = g_new0 (Failures, 1);
      f->minute = minute;
      g_hash_table_insert (self->auth_failures, g_strdup (host), f);
    }
  if (f->minute != minute)
    {
      /* The minute before is written first, so it is not lost. */
      if (f->count > f->written)
        gw_town_server_flush_auth_failures (self);
      f = g_hash_table_lookup (self->auth_failures, host);
      if (f == NULL)
        {
          f = g_new0 (Failures, 1);
          g_hash_table_insert (self->auth_failures, g_strdup (host), f);
        }
      f->minute = minute, f->count = f->written = 0;
    }

  f->count++;
  g_free (f->last_path);
  f->last_path = g_utf8_make_valid (path ? path : "", MIN (strlen (path ? path : ""), 200));

  if (f->count <= self->limits.auth_failures_per_minute)
    return 0;
  return (guint) (60 - now % 60);
}
