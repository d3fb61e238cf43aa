/* gw-case-list-item.c: one case of the live case list, whichever version
 *
 * Cases are immutable: a new version of a case is a new GwCase. The list
 * shows items instead, one per case for the life of the list, that take
 * each new version in turn; what a row shows (title, subtitle, status,
 * whether Accept is offered) are properties of the item, so the row's
 * labels follow them by binding and the row widget stays the same.
 * The texts are made when read, not kept: most items are never on screen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-case-list-item"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-case-labels.h"
#include "gw-case-list-item.h"

struct _GwCaseListItem
{
  GObject parent_instance;

  GwCase *kase;
  GwReferenceData *reference;   /* the names; may be NULL */
};

G_DEFINE_FINAL_TYPE (GwCaseListItem, gw_case_list_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CASE,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_STATUS,
  PROP_ACCEPTABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
category_name (GwCaseListItem *self,
               const char     *code)
{
  return self->reference ? gw_reference_data_get_category_name (self->reference, code) : NULL;
}

static const char *
grid_name (GwCaseListItem *self,
           const char     *code)
{
  return self->reference ? gw_reference_data_get_grid_name (self->reference, code) : NULL;
}

static char *
short_time (const char *rfc3339)
{
  g_autoptr(GDateTime) time = rfc3339 ? g_date_time_new_from_iso8601 (rfc3339, NULL) : NULL;
  g_autoptr(GDateTime) local = time ? g_date_time_to_local (time) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (local == NULL)
    return g_strdup ("");
  if (g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now) &&
      g_date_time_get_year (local) == g_date_time_get_year (now))
    return g_date_time_format (local, "%H:%M");
  /* Translators: a short date and time in the case list, as strftime() formats it */
  return g_date_time_format (local, _("%m-%d %H:%M"));
}

char *
gw_case_list_item_dup_title (GwCaseListItem *self)
{
  const GwCaseData *d;
  const char *category;

  g_return_val_if_fail (GW_IS_CASE_LIST_ITEM (self), NULL);

  d = gw_case_get_data (self->kase);
  category = category_name (self, d->category);
  return g_strdup_printf ("%s%s", d->urgent ? _("[Urgent] ") : "",
                          category ? category : (d->description ? d->description : ""));
}

char *
gw_case_list_item_dup_subtitle (GwCaseListItem *self)
{
  const GwCaseData *d;
  const char *grid;
  g_autofree char *when = NULL;

  g_return_val_if_fail (GW_IS_CASE_LIST_ITEM (self), NULL);

  d = gw_case_get_data (self->kase);
  grid = grid_name (self, d->grid);
  when = short_time (d->reported_at);
  /* Where and when first: in a narrow sidebar the end is cut, and the
   * number is in the panel and the tooltip. */
  return g_strdup_printf ("%s · %s · %s", grid ? grid : _("outside the grids"), when, d->id);
}

char *
gw_case_list_item_dup_status (GwCaseListItem *self)
{
  g_return_val_if_fail (GW_IS_CASE_LIST_ITEM (self), NULL);

  return g_strdup_printf ("%s%s", gw_case_status_label (gw_case_get_status (self->kase)),
                          gw_case_get_pending (self->kase) ? _(" (sending)") : "");
}

/* The case waits for someone at the desk to take it in, and nothing
 * about it is on its way to the server. */
gboolean
gw_case_list_item_get_acceptable (GwCaseListItem *self)
{
  g_return_val_if_fail (GW_IS_CASE_LIST_ITEM (self), FALSE);

  return gw_case_get_status (self->kase) == GW_CASE_STATUS_REPORTED && !gw_case_get_pending (self->kase);
}

static void
notify_texts (GwCaseListItem *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTITLE]);
}

void
gw_case_list_item_set_case (GwCaseListItem *self,
                            GwCase         *kase)
{
  g_return_if_fail (GW_IS_CASE_LIST_ITEM (self));
  g_return_if_fail (GW_IS_CASE (kase));

  if (!g_set_object (&self->kase, kase))
    return;
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CASE]);
  notify_texts (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCEPTABLE]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Where the texts find their names. */
void
gw_case_list_item_set_reference_data (GwCaseListItem  *self,
                                      GwReferenceData *reference)
{
  g_return_if_fail (GW_IS_CASE_LIST_ITEM (self));

  if (g_set_object (&self->reference, reference))
    gw_case_list_item_names_changed (self);
}

/* The names were read again: the texts are redone. */
void
gw_case_list_item_names_changed (GwCaseListItem *self)
{
  g_return_if_fail (GW_IS_CASE_LIST_ITEM (self));

  g_object_freeze_notify (G_OBJECT (self));
  notify_texts (self);
  g_object_thaw_notify (G_OBJECT (self));
}

GwCase *
gw_case_list_item_get_case (GwCaseListItem *self)
{
  g_return_val_if_fail (GW_IS_CASE_LIST_ITEM (self), NULL);
  return self->kase;
}

static void
gw_case_list_item_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GwCaseListItem *self = GW_CASE_LIST_ITEM (object);

  switch (prop_id)
    {
    case PROP_CASE:
      g_value_set_object (value, self->kase);
      break;
    case PROP_TITLE:
      g_value_take_string (value, gw_case_list_item_dup_title (self));
      break;
    case PROP_SUBTITLE:
      g_value_take_string (value, gw_case_list_item_dup_subtitle (self));
      break;
    case PROP_STATUS:
      g_value_take_string (value, gw_case_list_item_dup_status (self));
      break;
    case PROP_ACCEPTABLE:
      g_value_set_boolean (value, gw_case_list_item_get_acceptable (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_case_list_item_finalize (GObject *object)
{
  GwCaseListItem *self = GW_CASE_LIST_ITEM (object);

  g_clear_object (&self->kase);
  g_clear_object (&self->reference);

  G_OBJECT_CLASS (gw_case_list_item_parent_class)->finalize (object);
}

static void
gw_case_list_item_class_init (GwCaseListItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = gw_case_list_item_get_property;
  object_class->finalize = gw_case_list_item_finalize;

  properties[PROP_CASE] =
    g_param_spec_object ("case", NULL, NULL, GW_TYPE_CASE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* "[Urgent] " and the category's name, or the description. */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* The case's number, its grid's name and when it was reported. */
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCEPTABLE] =
    g_param_spec_boolean ("acceptable", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gw_case_list_item_init (GwCaseListItem *self)
{
}

GwCaseListItem *
gw_case_list_item_new (GwCase *kase)
{
  GwCaseListItem *self;

  g_return_val_if_fail (GW_IS_CASE (kase), NULL);

  self = g_object_new (GW_TYPE_CASE_LIST_ITEM, NULL);
  self->kase = g_object_ref (kase);
  return self;
}
