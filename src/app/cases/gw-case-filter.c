/* gw-case-filter.c: which cases a dispatcher wants to see
 *
 * One filter object is shared by the map and the case list, so that
 * narrowing one narrows the other in the same main-loop turn. Sources are
 * a bit mask of GwCaseSource (0 is any), stages a mask of GwCaseStage.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-case-filter"

#include "config.h"

#include "gw-case-filter.h"

struct _GwCaseFilter
{
  GObject parent_instance;
  guint stages;
  guint sources;
  char *category;
  char *grid;
  guint window;             /* seconds back from now; 0 is any time */
  gboolean urgent_only;
  gboolean overdue_only;
};

G_DEFINE_FINAL_TYPE (GwCaseFilter, gw_case_filter, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GwCaseStage
gw_case_stage_of (GwCaseStatus status)
{
  switch (status)
    {
    case GW_CASE_STATUS_REPORTED:
      return GW_CASE_STAGE_NEW;
    case GW_CASE_STATUS_ACCEPTED:
    case GW_CASE_STATUS_FILED:
    case GW_CASE_STATUS_RETURNED:
      return GW_CASE_STAGE_DISPATCH;
    case GW_CASE_STATUS_DISPATCHED:
    case GW_CASE_STATUS_IN_PROGRESS:
      return GW_CASE_STAGE_HANDLING;
    case GW_CASE_STATUS_HANDLED:
    case GW_CASE_STATUS_VERIFIED:
      return GW_CASE_STAGE_HANDLED;
    case GW_CASE_STATUS_SUSPENDED:
    case GW_CASE_STATUS_REGISTERED:
      return GW_CASE_STAGE_HELD;
    case GW_CASE_STATUS_CLOSED:
    case GW_CASE_STATUS_REJECTED:
    default:
      return GW_CASE_STAGE_CLOSED;
    }
}

static void
gw_case_filter_finalize (GObject *object)
{
  GwCaseFilter *self = (GwCaseFilter *) object;

  g_free (self->category);
  g_free (self->grid);

  G_OBJECT_CLASS (gw_case_filter_parent_class)->finalize (object);
}

static void
gw_case_filter_class_init (GwCaseFilterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_case_filter_finalize;

  /* Any criterion changed: everything that shows cases re-filters. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
gw_case_filter_init (GwCaseFilter *self)
{
  self->stages = GW_CASE_STAGES_OPEN;
}

GwCaseFilter *
gw_case_filter_new (void)
{
  return g_object_new (GW_TYPE_CASE_FILTER, NULL);
}

/* A filter of its own, for a thread to match with while this one may
 * change. */
GwCaseFilter *
gw_case_filter_copy (GwCaseFilter *self)
{
  GwCaseFilter *copy;

  g_return_val_if_fail (GW_IS_CASE_FILTER (self), NULL);

  copy = gw_case_filter_new ();
  copy->stages = self->stages;
  copy->sources = self->sources;
  copy->category = g_strdup (self->category);
  copy->grid = g_strdup (self->grid);
  copy->window = self->window;
  copy->urgent_only = self->urgent_only;
  copy->overdue_only = self->overdue_only;
  return copy;
}

static void
changed (GwCaseFilter *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

#define VALUE_ACCESSORS(type, field)                               \
  type                                                             \
  gw_case_filter_get_##field (GwCaseFilter *self)                  \
  {                                                                \
    g_return_val_if_fail (GW_IS_CASE_FILTER (self), 0);            \
    return self->field;                                            \
  }                                                                \
  void                                                             \
  gw_case_filter_set_##field (GwCaseFilter *self,                  \
                              type          value)                 \
  {                                                                \
    g_return_if_fail (GW_IS_CASE_FILTER (self));                   \
    if (self->field == value)                                      \
      return;                                                      \
    self->field = value;                                           \
    changed (self);                                                \
  }

#define STRING_ACCESSORS(field)                                    \
  const char *                                                     \
  gw_case_filter_get_##field (GwCaseFilter *self)                  \
  {                                                                \
    g_return_val_if_fail (GW_IS_CASE_FILTER (self), NULL);         \
    return self->field;                                            \
  }                                                                \
  void                                                             \
  gw_case_filter_set_##field (GwCaseFilter *self,                  \
                              const char   *value)                 \
  {                                                                \
    g_return_if_fail (GW_IS_CASE_FILTER (self));                   \
    if (value != NULL && *value == '\0')                           \
      value = NULL;                                                \
    if (g_strcmp0 (self->field, value) == 0)                       \
      return;                                                      \
    g_free (self->field);                                          \
    self->field = g_strdup (value);                                \
    changed (self);                                                \
  }

VALUE_ACCESSORS (guint, stages)
VALUE_ACCESSORS (guint, sources)
VALUE_ACCESSORS (guint, window)
VALUE_ACCESSORS (gboolean, urgent_only)
VALUE_ACCESSORS (gboolean, overdue_only)
STRING_ACCESSORS (category)
STRING_ACCESSORS (grid)

void
gw_case_filter_reset (GwCaseFilter *self)
{
  g_return_if_fail (GW_IS_CASE_FILTER (self));

  if (gw_case_filter_is_default (self))
    return;
  self->stages = GW_CASE_STAGES_OPEN;
  self->sources = 0;
  self->window = 0;
  self->urgent_only = FALSE;
  self->overdue_only = FALSE;
  g_clear_pointer (&self->category, g_free);
  g_clear_pointer (&self->grid, g_free);
  changed (self);
}

gboolean
gw_case_filter_is_default (GwCaseFilter *self)
{
  g_return_val_if_fail (GW_IS_CASE_FILTER (self), TRUE);

  return self->stages == GW_CASE_STAGES_OPEN && self->sources == 0 && self->window == 0 &&
         !self->urgent_only && !self->overdue_only && self->category == NULL && self->grid == NULL;
}

gboolean
gw_case_filter_depends_on_time (GwCaseFilter *self)
{
  g_return_val_if_fail (GW_IS_CASE_FILTER (self), FALSE);
  return self->overdue_only || self->window > 0;
}

gboolean
gw_case_filter_match (GwCaseFilter *self,
                      GwCase       *kase,
                      gint64        now_unix)
{
  if (!(self->stages & gw_case_stage_of (gw_case_get_status (kase))))
    return FALSE;
  return gw_case_filter_match_besides_stage (self, kase, now_unix);
}

/* Everything but the state: for views that choose states themselves. */
gboolean
gw_case_filter_match_besides_stage (GwCaseFilter *self,
                                    GwCase       *kase,
                                    gint64        now_unix)
{
  const GwCaseData *d = gw_case_get_data (kase);

  if (self->sources != 0 && !(self->sources & (1u << d->source)))
    return FALSE;
  if (self->urgent_only && !d->urgent)
    return FALSE;
  if (self->overdue_only && !gw_case_is_overdue (kase, now_unix))
    return FALSE;
  if (self->window > 0 && gw_case_get_reported_unix (kase) < now_unix - (gint64) self->window)
    return FALSE;
  /* Codes nest: a category prefix is its major class, a grid prefix its
   * sub-grids. */
  if (self->category && !(d->category && g_str_has_prefix (d->category, self->category)))
    return FALSE;
  if (self->grid && !(d->grid && g_str_has_prefix (d->grid, self->grid)))
    return FALSE;
  return TRUE;
}
