/* gw-calendar-day.c: one day of the planning calendar and its visits
 *
 * The planning page makes its 42 days once and moves them from month to
 * month by setting their properties; each day keeps its chips (a visit
 * each, tinted by the target's risk) and its drop target for its life,
 * so that a render changes labels and style classes, not widgets. A
 * visit dropped on the day asks the page to move it with planning.move.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-calendar-day"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-calendar-day.h"

/* At most; the planning page shows as many as its height has room for
 * (gw_calendar_day_set_max_chips), so that the month fits, and the
 * rest are counted ("and 9 more"). */
#define CHIPS_PER_DAY 6

struct _GwCalendarDay
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkLabel *number;
  GtkWidget *chips;
  GtkLabel *more;
  GtkWidget *chip[CHIPS_PER_DAY];
  guint max_chips;
  GtkEventController *drag[CHIPS_PER_DAY];

  guint32 date;
  gboolean in_month;
  gboolean off_day;
  guint n_visits;
};

G_DEFINE_FINAL_TYPE (GwCalendarDay, gw_calendar_day, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DATE,
  PROP_IN_MONTH,
  PROP_OFF_DAY,
  PROP_N_VISITS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The visit a chip stands for is its action's target. */
static GdkContentProvider *
on_drag_prepare (GtkDragSource *source,
                 double         x,
                 double         y,
                 gpointer       user_data)
{
  GtkActionable *chip = GTK_ACTIONABLE (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source)));
  GVariant *target = gtk_actionable_get_action_target_value (chip);

  if (target == NULL || !g_variant_is_of_type (target, G_VARIANT_TYPE_UINT32))
    return NULL;
  return gdk_content_provider_new_typed (G_TYPE_UINT, g_variant_get_uint32 (target));
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         GwCalendarDay *self)
{
  if (self->date == 0)
    return FALSE;
  return gtk_widget_activate_action (GTK_WIDGET (self), "planning.move", "(uu)", g_value_get_uint (value), self->date);
}

static void
set_class (GtkWidget  *widget,
           const char *name,
           gboolean    on)
{
  if (on)
    gtk_widget_add_css_class (widget, name);
  else
    gtk_widget_remove_css_class (widget, name);
}

static guint32
today_julian (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate today;

  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now), g_date_time_get_year (now));
  return g_date_get_julian (&today);
}

static void
show_visit (GwCalendarDay     *self,
            guint              k,
            GwInspectionData  *data,
            const GwPlanVisit *visit,
            guint              selected,
            gboolean           movable)
{
  guint n_targets;
  const GwInspectionTarget *t = &gw_inspection_data_get_targets (data, &n_targets)[visit->target];
  GtkWidget *chip = self->chip[k];
  /* ✓ made, ↻ a re-inspection: seen at a glance in a crowded month. */
  g_autofree char *text = g_strdup_printf ("%s%s%s", visit->findings->len > 0 ? "✓ " : "",
                                           visit->reinspects ? "↻ " : "", t->name);

  gtk_button_set_label (GTK_BUTTON (chip), text);
  set_class (chip, "high", t->risk == GW_RISK_HIGH);
  set_class (chip, "low", t->risk == GW_RISK_LOW);
  set_class (chip, "drawn", visit->drawn);
  set_class (chip, "done", visit->findings->len > 0);
  set_class (chip, "selected", visit->id == selected);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (chip), "u", visit->id);
  /* A visit with findings happened on its day: it stays there. */
  gtk_event_controller_set_propagation_phase (self->drag[k], movable && visit->findings->len == 0
                                              ? GTK_PHASE_BUBBLE : GTK_PHASE_NONE);
  gtk_widget_set_visible (chip, TRUE);
}

/* @visits (GwPlanVisit, of @data's targets) on this day, the first few
 * as chips and a count of the rest. */
void
gw_calendar_day_set_visits (GwCalendarDay    *self,
                            GwInspectionData *data,
                            GPtrArray        *visits,
                            guint             selected,
                            gboolean          movable)
{
  guint n = visits && data ? visits->len : 0;

  g_return_if_fail (GW_IS_CALENDAR_DAY (self));

  for (guint k = 0; k < CHIPS_PER_DAY; k++)
    if (k < n && k < self->max_chips)
      show_visit (self, k, data, g_ptr_array_index (visits, k), selected, movable);
    else
      gtk_widget_set_visible (self->chip[k], FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->more), n > self->max_chips);
  if (n > self->max_chips)
    {
      g_autofree char *more = g_strdup_printf (_("and %u more"), n - self->max_chips);

      gtk_label_set_text (self->more, more);
    }
  if (self->n_visits != n)
    {
      self->n_visits = n;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_VISITS]);
    }
}

/* Shows at most @max_chips visits (1 to 6) from the next
 * gw_calendar_day_set_visits() on. */
void
gw_calendar_day_set_max_chips (GwCalendarDay *self,
                               guint          max_chips)
{
  g_return_if_fail (GW_IS_CALENDAR_DAY (self));
  self->max_chips = CLAMP (max_chips, 1, CHIPS_PER_DAY);
}

guint
gw_calendar_day_get_n_visits (GwCalendarDay *self)
{
  g_return_val_if_fail (GW_IS_CALENDAR_DAY (self), 0);
  return self->n_visits;
}

guint32
gw_calendar_day_get_date (GwCalendarDay *self)
{
  g_return_val_if_fail (GW_IS_CALENDAR_DAY (self), 0);
  return self->date;
}

void
gw_calendar_day_set_date (GwCalendarDay *self,
                          guint32        julian)
{
  char text[8] = "";
  GDate day;

  g_return_if_fail (GW_IS_CALENDAR_DAY (self));

  if (self->date == julian)
    return;
  self->date = julian;
  if (julian != 0 && g_date_valid_julian (julian))
    {
      g_date_set_julian (&day, julian);
      g_snprintf (text, sizeof text, "%d", g_date_get_day (&day));
    }
  gtk_label_set_text (self->number, text);
  set_class (GTK_WIDGET (self), "today", julian != 0 && julian == today_julian ());
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
}

gboolean
gw_calendar_day_get_in_month (GwCalendarDay *self)
{
  g_return_val_if_fail (GW_IS_CALENDAR_DAY (self), FALSE);
  return self->in_month;
}

void
gw_calendar_day_set_in_month (GwCalendarDay *self,
                              gboolean       in_month)
{
  g_return_if_fail (GW_IS_CALENDAR_DAY (self));

  in_month = !!in_month;
  if (self->in_month == in_month)
    return;
  self->in_month = in_month;
  set_class (GTK_WIDGET (self), "outside", !in_month);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IN_MONTH]);
}

gboolean
gw_calendar_day_get_off_day (GwCalendarDay *self)
{
  g_return_val_if_fail (GW_IS_CALENDAR_DAY (self), FALSE);
  return self->off_day;
}

void
gw_calendar_day_set_off_day (GwCalendarDay *self,
                             gboolean       off_day)
{
  g_return_if_fail (GW_IS_CALENDAR_DAY (self));

  off_day = !!off_day;
  if (self->off_day == off_day)
    return;
  self->off_day = off_day;
  set_class (GTK_WIDGET (self), "off", off_day);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFF_DAY]);
}

static void
gw_calendar_day_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  GwCalendarDay *self = GW_CALENDAR_DAY (object);

  switch (prop_id)
    {
    case PROP_DATE:
      g_value_set_uint (value, self->date);
      break;
    case PROP_IN_MONTH:
      g_value_set_boolean (value, self->in_month);
      break;
    case PROP_OFF_DAY:
      g_value_set_boolean (value, self->off_day);
      break;
    case PROP_N_VISITS:
      g_value_set_uint (value, self->n_visits);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_calendar_day_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  GwCalendarDay *self = GW_CALENDAR_DAY (object);

  switch (prop_id)
    {
    case PROP_DATE:
      gw_calendar_day_set_date (self, g_value_get_uint (value));
      break;
    case PROP_IN_MONTH:
      gw_calendar_day_set_in_month (self, g_value_get_boolean (value));
      break;
    case PROP_OFF_DAY:
      gw_calendar_day_set_off_day (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_calendar_day_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), GW_TYPE_CALENDAR_DAY);

  G_OBJECT_CLASS (gw_calendar_day_parent_class)->dispose (object);
}

static void
gw_calendar_day_class_init (GwCalendarDayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_calendar_day_dispose;
  object_class->get_property = gw_calendar_day_get_property;
  object_class->set_property = gw_calendar_day_set_property;

  /* The day shown, a julian day; 0 for none. */
  properties[PROP_DATE] =
    g_param_spec_uint ("date", NULL, NULL, 0, G_MAXUINT32, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* FALSE for the days of the months before and after, shown faded. */
  properties[PROP_IN_MONTH] =
    g_param_spec_boolean ("in-month", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Not a working day by the work calendar: weekends but make-up days,
   * and public holidays. */
  properties[PROP_OFF_DAY] =
    g_param_spec_boolean ("off-day", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_VISITS] =
    g_param_spec_uint ("n-visits", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/gridwatch/Gridwatch/gw-calendar-day.ui");
  gtk_widget_class_bind_template_child (widget_class, GwCalendarDay, box);
  gtk_widget_class_bind_template_child (widget_class, GwCalendarDay, number);
  gtk_widget_class_bind_template_child (widget_class, GwCalendarDay, chips);
  gtk_widget_class_bind_template_child (widget_class, GwCalendarDay, more);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
gw_calendar_day_init (GwCalendarDay *self)
{
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The chips, hidden until a visit takes one. */
  self->max_chips = CHIPS_PER_DAY;
  for (guint k = 0; k < CHIPS_PER_DAY; k++)
    {
      GtkWidget *chip = gtk_button_new_with_label ("");
      GtkLabel *label = GTK_LABEL (gtk_button_get_child (GTK_BUTTON (chip)));
      GtkDragSource *drag = gtk_drag_source_new ();

      gtk_label_set_ellipsize (label, PANGO_ELLIPSIZE_END);
      gtk_label_set_xalign (label, 0);
      gtk_widget_add_css_class (chip, "flat");
      gtk_widget_add_css_class (chip, "gw-visit-chip");
      /* The target first: the action checks its type. */
      gtk_actionable_set_action_target (GTK_ACTIONABLE (chip), "u", 0);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (chip), "planning.select");
      gtk_widget_set_visible (chip, FALSE);
      g_signal_connect (drag, "prepare", G_CALLBACK (on_drag_prepare), NULL);
      gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), GTK_PHASE_NONE);
      gtk_widget_add_controller (chip, GTK_EVENT_CONTROLLER (drag));
      gtk_box_append (GTK_BOX (self->chips), chip);
      self->chip[k] = chip;
      self->drag[k] = GTK_EVENT_CONTROLLER (drag);
    }

  drop = gtk_drop_target_new (G_TYPE_UINT, GDK_ACTION_MOVE | GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  self->in_month = TRUE;
}
