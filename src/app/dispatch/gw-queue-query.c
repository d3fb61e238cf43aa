/* gw-queue-query.c: a view and the shared filter, matched on the cases' keys
 *
 * What gw_case_queue_view_matches() and gw_case_filter_match_besides_stage()
 * decide for one case object, decided here for a run of keys
 * (gw-case-keys.c): the states a view takes are a table by state, and
 * what depends on a code or an assignee is a table by the keys' string,
 * each string checked once per query, not once per case. The query holds
 * one clock: every case in a refilter is overdue against the same now.
 *
 * Return visits need the work calendar: the query lets closed cases
 * through and the queue asks the case itself (gw-case-queue.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-queue-query"

#include "config.h"

#include "gw-case-rules.h"
#include "gw-queue-query.h"

/* What a string may be, one bit each, for the criteria that need it. */
enum
{
  CATEGORY_OK   = 1 << 0,   /* has the filter's category prefix */
  GRID_OK       = 1 << 1,   /* has the filter's grid prefix */
  MINE          = 1 << 2,   /* the assignee is the user */
  TOWN_OK       = 1 << 3,   /* a town the user may see */
  DEPARTMENT_OK = 1 << 4,   /* the assignee is the department shown */
};

/* How a view's states are taken. */
typedef enum
{
  BY_STATE,          /* the state table alone */
  BY_DEADLINE_PAST,  /* running and overdue */
  BY_DEADLINE_SOON,  /* running and due soon */
  BY_EXTENSION,      /* running with an extension asked */
  BY_MINE,           /* open and mine, or waiting at the desk */
  BY_UNPLACED,       /* open, without a location */
  BY_TOWN,           /* open, handled by a town the user may see */
  BY_DEPARTMENT,     /* open, with the department shown */
} Rule;

struct _GwQueueQuery
{
  GwCaseKeys *keys;
  Rule rule;
  guint8 states[GW_CASE_N_STATUSES];      /* the view's states; 0 or 1 */
  guint8 running[GW_CASE_N_STATUSES];
  guint8 open[GW_CASE_N_STATUSES];
  guint8 desk[GW_CASE_N_STATUSES];        /* a dispatcher's "mine" */
  gint64 now;
  guint sources;
  gboolean urgent_only;
  gboolean overdue_only;
  gint64 reported_after;                  /* G_MININT64: any time */
  guint8 needs;                           /* string bits every case needs */
  char *category;
  char *grid;
  char *user;
  char *user_town;
  char *department;
  GByteArray *strings;                    /* string bits by index */
};

static void
set_states (GwQueueQuery *self,
            GwQueueView   view)
{
  for (GwCaseStatus s = 0; s < GW_CASE_N_STATUSES; s++)
    {
      gboolean open = gw_case_status_is_open (s);

      self->open[s] = !!open;
      self->running[s] = !!gw_case_status_is_running (s);
      self->desk[s] = s == GW_CASE_STATUS_ACCEPTED || s == GW_CASE_STATUS_FILED ||
                      s == GW_CASE_STATUS_HANDLED || s == GW_CASE_STATUS_VERIFIED;
      switch (view)
        {
        case GW_QUEUE_VIEW_NEW: self->states[s] = s == GW_CASE_STATUS_REPORTED; break;
        case GW_QUEUE_VIEW_RETURNED: self->states[s] = s == GW_CASE_STATUS_RETURNED; break;
        case GW_QUEUE_VIEW_HELD: self->states[s] = s == GW_CASE_STATUS_SUSPENDED || s == GW_CASE_STATUS_REGISTERED; break;
        case GW_QUEUE_VIEW_VISITS: self->states[s] = s == GW_CASE_STATUS_CLOSED; break;
        case GW_QUEUE_VIEW_OVERDUE:
        case GW_QUEUE_VIEW_DUE_SOON:
        case GW_QUEUE_VIEW_EXTENSIONS: self->states[s] = self->running[s]; break;
        case GW_QUEUE_VIEW_OPEN:
        case GW_QUEUE_VIEW_MINE:
        case GW_QUEUE_VIEW_UNPLACED:
        case GW_QUEUE_VIEW_TOWNS:
        case GW_QUEUE_VIEW_DEPARTMENT:
        default: self->states[s] = !!open; break;
        }
    }
  switch (view)
    {
    case GW_QUEUE_VIEW_OVERDUE: self->rule = BY_DEADLINE_PAST; break;
    case GW_QUEUE_VIEW_DUE_SOON: self->rule = BY_DEADLINE_SOON; break;
    case GW_QUEUE_VIEW_EXTENSIONS: self->rule = BY_EXTENSION; break;
    case GW_QUEUE_VIEW_MINE: self->rule = BY_MINE; break;
    case GW_QUEUE_VIEW_UNPLACED: self->rule = BY_UNPLACED; break;
    case GW_QUEUE_VIEW_TOWNS: self->rule = BY_TOWN; break;
    case GW_QUEUE_VIEW_DEPARTMENT: self->rule = BY_DEPARTMENT; break;
    case GW_QUEUE_VIEW_OPEN:
    case GW_QUEUE_VIEW_NEW:
    case GW_QUEUE_VIEW_RETURNED:
    case GW_QUEUE_VIEW_HELD:
    case GW_QUEUE_VIEW_VISITS:
    default: self->rule = BY_STATE; break;
    }
}

GwQueueQuery *
gw_queue_query_new (GwCaseKeys   *keys,
                    GwQueueView   view,
                    const char   *user,
                    const char   *department,
                    GwCaseFilter *filter,
                    gint64        now)
{
  GwQueueQuery *self = g_new0 (GwQueueQuery, 1);

  self->keys = g_object_ref (keys);
  self->now = now;
  set_states (self, view);
  self->user = g_strdup (user);
  self->user_town = g_strdup (gw_user_town (user));
  self->department = g_strdup (department);
  self->reported_after = G_MININT64;
  if (filter)
    {
      self->sources = gw_case_filter_get_sources (filter);
      self->urgent_only = gw_case_filter_get_urgent_only (filter);
      self->overdue_only = gw_case_filter_get_overdue_only (filter);
      if (gw_case_filter_get_window (filter) > 0)
        self->reported_after = now - (gint64) gw_case_filter_get_window (filter);
      self->category = g_strdup (gw_case_filter_get_category (filter));
      self->grid = g_strdup (gw_case_filter_get_grid (filter));
    }
  self->needs = (self->category ? CATEGORY_OK : 0) | (self->grid ? GRID_OK : 0);
  self->strings = g_byte_array_new ();
  return self;
}

void
gw_queue_query_free (GwQueueQuery *self)
{
  if (self == NULL)
    return;
  g_object_unref (self->keys);
  g_byte_array_unref (self->strings);
  g_free (self->category);
  g_free (self->grid);
  g_free (self->user);
  g_free (self->user_town);
  g_free (self->department);
  g_free (self);
}

static guint8
string_bits (GwQueueQuery *self,
             const char   *s)
{
  const char *colon = s ? strchr (s, ':') : NULL;
  const char *department = s && g_str_has_prefix (s, "department:") ? s + strlen ("department:") : NULL;
  guint8 bits = 0;

  /* Codes nest: a category prefix is its major class, a grid prefix its
   * sub-grids. */
  if (s && self->category && g_str_has_prefix (s, self->category))
    bits |= CATEGORY_OK;
  if (s && self->grid && g_str_has_prefix (s, self->grid))
    bits |= GRID_OK;
  if (self->user && colon && g_str_equal (colon + 1, self->user))
    bits |= MINE;
  if (s && (self->user_town == NULL || g_str_equal (s, self->user_town)))
    bits |= TOWN_OK;
  if (g_strcmp0 (department, self->department) == 0)
    bits |= DEPARTMENT_OK;
  return bits;
}

/* Strings come with new cases: each is looked at once. */
static void
check_new_strings (GwQueueQuery *self)
{
  guint n = gw_case_keys_get_n_strings (self->keys);

  for (guint i = self->strings->len; i < n; i++)
    {
      guint8 bits = string_bits (self, gw_case_keys_get_string (self->keys, i));

      g_byte_array_append (self->strings, &bits, 1);
    }
}

/* Whether the case's key is in the view. Without branches, like
 * filter_ok(): the keys lie in the model's order, their states at random,
 * and a branch on each was mispredicted about every other case, most of a
 * query's time. Every table holds 0 or 1. */
static inline guint8
view_ok (const GwQueueQuery *self,
         Rule                rule,
         const GwCaseKey    *key,
         const guint8       *strings)
{
  guint8 in_state = self->states[key->status];

  switch (rule)
    {
    case BY_MINE:
      return (strings[key->assignee] & MINE) ? self->open[key->status] : self->desk[key->status];
    case BY_DEADLINE_PAST: return in_state & (key->deadline > 0) & (key->deadline < self->now);
    case BY_DEADLINE_SOON:
      return in_state & (key->deadline > self->now) & (key->deadline - self->now <= GW_CASE_DUE_SOON_SECONDS);
    case BY_EXTENSION: return in_state & ((key->flags & GW_CASE_KEY_EXTENSION_ASKED) != 0);
    case BY_UNPLACED: return in_state & ((key->flags & GW_CASE_KEY_UNPLACED) != 0);
    case BY_TOWN: return in_state & ((strings[key->town] & TOWN_OK) != 0);
    case BY_DEPARTMENT: return in_state & ((strings[key->assignee] & DEPARTMENT_OK) != 0);
    case BY_STATE:
    default: return in_state;
    }
}

static inline guint8
filter_ok (const GwQueueQuery *self,
           const GwCaseKey    *key,
           const guint8       *strings)
{
  /* A source is below GW_CASE_N_SOURCES, far below 32. */
  return ((self->sources == 0) | ((self->sources >> (key->source & 31)) & 1)) &
         ((self->urgent_only == 0) | ((key->flags & GW_CASE_KEY_URGENT) != 0)) &
         ((self->overdue_only == 0) | ((key->deadline > 0) & (key->deadline < self->now) & self->running[key->status])) &
         (key->reported >= self->reported_after) &
         (((self->needs & CATEGORY_OK) == 0) | ((strings[key->category] & CATEGORY_OK) != 0)) &
         (((self->needs & GRID_OK) == 0) | ((strings[key->grid] & GRID_OK) != 0));
}

/* One loop per rule, the rule's test inlined in it. */
static G_ALWAYS_INLINE inline void
run_rule (const GwQueueQuery *self,
          Rule                rule,
          const GwCaseKey    *keys,
          const guint8       *strings,
          guint8             *matches,
          guint               from,
          guint               n)
{
  for (guint i = from; i < from + n; i++)
    matches[i] = view_ok (self, rule, &keys[i], strings) & filter_ok (self, &keys[i], strings);
}

/* Sets matches[from, from + n) by the keys at those positions. */
void
gw_queue_query_run (GwQueueQuery *self,
                    guint8       *matches,
                    guint         from,
                    guint         n)
{
  const GwCaseKey *keys = gw_case_keys_peek (self->keys);
  const guint8 *strings;

  g_return_if_fail (from + n <= gw_case_keys_get_size (self->keys));

  check_new_strings (self);
  strings = self->strings->data;
  switch (self->rule)
    {
    case BY_DEADLINE_PAST: run_rule (self, BY_DEADLINE_PAST, keys, strings, matches, from, n); break;
    case BY_DEADLINE_SOON: run_rule (self, BY_DEADLINE_SOON, keys, strings, matches, from, n); break;
    case BY_EXTENSION: run_rule (self, BY_EXTENSION, keys, strings, matches, from, n); break;
    case BY_MINE: run_rule (self, BY_MINE, keys, strings, matches, from, n); break;
    case BY_UNPLACED: run_rule (self, BY_UNPLACED, keys, strings, matches, from, n); break;
    case BY_TOWN: run_rule (self, BY_TOWN, keys, strings, matches, from, n); break;
    case BY_DEPARTMENT: run_rule (self, BY_DEPARTMENT, keys, strings, matches, from, n); break;
    case BY_STATE:
    default: run_rule (self, BY_STATE, keys, strings, matches, from, n); break;
    }
}
