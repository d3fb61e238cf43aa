/* gw-case-list-row.c: one case in the live case list
 *
 * Made once by the list's factory and given one GwCaseListItem after
 * another: the dot in the status's colour, what and where, the status,
 * and Accept while the case waits for it and the user may act. The labels
 * are bound to the item's properties in the template, so a new version of
 * the case changes their text and nothing else.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-case-list-row"

#include "config.h"

#include "gw-case-list-row.h"
#include "gw-case-symbols.h"

struct _GwCaseListRow
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkDrawingArea *dot;
  GtkLabel *title;
  GtkLabel *status;
  GtkWidget *accept;

  GwCaseListItem *item;
  gboolean can_act;
};

G_DEFINE_FINAL_TYPE (GwCaseListRow, gw_case_list_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ITEM,
  PROP_CAN_ACT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
draw_dot (GtkDrawingArea *area,
          cairo_t        *cr,
          int             width,
          int             height,
          gpointer        user_data)
{
  GwCaseListRow *self = user_data;
  GwCase *kase = self->item ? gw_case_list_item_get_case (self->item) : NULL;
  GdkRGBA rgba;

  if (kase == NULL)
    return;
  gw_case_symbols_get_rgba (gw_case_get_status (kase), gw_case_get_data (kase)->urgent, &rgba);
  gdk_cairo_set_source_rgba (cr, &rgba);
  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) / 2.0 - 1, 0, 2 * G_PI);
  cairo_fill (cr);
}

static gboolean
offer_accept (gpointer unused,
              gboolean acceptable,
              gboolean can_act)
{
  return acceptable && can_act;
}

/* The subtitle, whole, where the row cuts it (the case number comes last).
 * Asked for when the pointer rests on it: a tooltip text bound to the item
 * would be set on every bind, and GTK asks the X server where the pointer
 * is each time one is set on a shown widget, a round trip per row while a
 * pull fills the list. */
static gboolean
on_subtitle_query_tooltip (GtkLabel   *subtitle,
                           int         x,
                           int         y,
                           gboolean    keyboard,
                           GtkTooltip *tooltip,
                           gpointer    row)
{
  const char *text = gtk_label_get_text (subtitle);

  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
on_accept_clicked (GwCaseListRow *self)
{
  GwCase *kase = self->item ? gw_case_list_item_get_case (self->item) : NULL;

  if (kase)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.accept-case", "s", gw_case_get_id (kase));
}

GwCaseListItem *
gw_case_list_row_get_item (GwCaseListRow *self)
{
  g_return_val_if_fail (GW_IS_CASE_LIST_ROW (self), NULL);
  return self->item;
}

void
gw_case_list_row_set_item (GwCaseListRow  *self,
                           GwCaseListItem *item)
{
  g_return_if_fail (GW_IS_CASE_LIST_ROW (self));
  g_return_if_fail (item == NULL || GW_IS_CASE_LIST_ITEM (item));

  if (self->item)
    g_signal_handlers_disconnect_by_data (self->item, self->dot);
  if (!g_set_object (&self->item, item))
    return;
  /* The dot is drawn, not bound: it follows the case by hand. */
  if (item)
    g_signal_connect_swapped (item, "notify::case", G_CALLBACK (gtk_widget_queue_draw), self->dot);
  gtk_widget_queue_draw (GTK_WIDGET (self->dot));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

gboolean
gw_case_list_row_get_can_act (GwCaseListRow *self)
{
  g_return_val_if_fail (GW_IS_CASE_LIST_ROW (self), FALSE);
  return self->can_act;
}

void
gw_case_list_row_set_can_act (GwCaseListRow *self,
                              gboolean       can_act)
{
  g_return_if_fail (GW_IS_CASE_LIST_ROW (self));

  can_act = !!can_act;
  if (self->can_act == can_act)
    return;
  self->can_act = can_act;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_ACT]);
}

const char *
gw_case_list_row_get_title_text (GwCaseListRow *self)
{
  g_return_val_if_fail (GW_IS_CASE_LIST_ROW (self), NULL);
  return gtk_label_get_text (self->title);
}

const char *
gw_case_list_row_get_status_text (GwCaseListRow *self)
{
  g_return_val_if_fail (GW_IS_CASE_LIST_ROW (self), NULL);
  return gtk_label_get_text (self->status);
}

gboolean
gw_case_list_row_offers_accept (GwCaseListRow *self)
{
  g_return_val_if_fail (GW_IS_CASE_LIST_ROW (self), FALSE);
  return gtk_widget_get_visible (self->accept);
}

static void
gw_case_list_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GwCaseListRow *self = GW_CASE_LIST_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    case PROP_CAN_ACT:
      g_value_set_boolean (value, self->can_act);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_case_list_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  GwCaseListRow *self = GW_CASE_LIST_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      gw_case_list_row_set_item (self, g_value_get_object (value));
      break;
    case PROP_CAN_ACT:
      gw_case_list_row_set_can_act (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_case_list_row_dispose (GObject *object)
{
  GwCaseListRow *self = GW_CASE_LIST_ROW (object);

  if (self->item)
    g_signal_handlers_disconnect_by_data (self->item, self->dot);
  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_CASE_LIST_ROW);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (gw_case_list_row_parent_class)->dispose (object);
}

static void
gw_case_list_row_class_init (GwCaseListRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = gw_case_list_row_get_property;
  object_class->set_property = gw_case_list_row_set_property;
  object_class->dispose = gw_case_list_row_dispose;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, GW_TYPE_CASE_LIST_ITEM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The user may take cases in: Accept is offered. */
  properties[PROP_CAN_ACT] =
    g_param_spec_boolean ("can-act", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (GW_TYPE_CASE_LIST_ITEM);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/gridwatch/Gridwatch/gw-case-list-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GwCaseListRow, box);
  gtk_widget_class_bind_template_child (widget_class, GwCaseListRow, dot);
  gtk_widget_class_bind_template_child (widget_class, GwCaseListRow, title);
  gtk_widget_class_bind_template_child (widget_class, GwCaseListRow, status);
  gtk_widget_class_bind_template_child (widget_class, GwCaseListRow, accept);
  gtk_widget_class_bind_template_callback (widget_class, offer_accept);
  gtk_widget_class_bind_template_callback (widget_class, on_accept_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_subtitle_query_tooltip);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
gw_case_list_row_init (GwCaseListRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->dot, draw_dot, self, NULL);
}
