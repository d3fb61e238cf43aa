/* gw-planning-page.c: the joint-inspection planning panel
 *
 * The town server's latest plan as a month of days, each with its visits
 * (tinted by the target's risk, dashed when drawn at random), and the
 * task sheet of the visit chosen: target, team, and the merged checklist
 * with why each item is due now. A planner makes a plan for the next
 * month, quarter or year, and drags a visit to another day: the move is
 * checked here by the same rules the server keeps, refused with the
 * reason when it breaks one, and otherwise sent as a versioned action.
 * The plan and its task sheets export to PDF and CSV.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-planning-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gw-calendar-day.h"
#include "gw-error.h"
#include "gw-inspection-sync.h"
#include "gw-json.h"
#include "gw-plan-export.h"
#include "gw-plan-sheet.h"
#include "gw-plan-preview.h"
#include "gw-planning-page.h"

#define N_DAYS 42

struct _GwPlanningPage
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkDropDown *window_choice;
  GtkWidget *make_button;
  GtkLabel *summary;
  GtkLabel *month_label;
  GtkGrid *calendar;
  GtkScrolledWindow *calendar_scroller;
  guint chips;                  /* visits a day shows: as many as fit */
  GwPlanSheet *sheet;
  GwCalendarDay *days[N_DAYS];

  GwSession *session;
  GCancellable *cancellable;
  GwWorkCalendar *work_calendar;
  GwInspectionData *data;
  GwInspectionPlan *preview;   /* shown, waiting for the planner's word */
  GwInspectionPlan *plan;
  gint64 plan_id;
  gint64 plan_version;
  guint32 month;                /* julian day of the month's first */
  guint selected;
};

G_DEFINE_FINAL_TYPE (GwPlanningPage, gw_planning_page, GTK_TYPE_WIDGET)

enum {
  MESSAGE,
  PLAN_CHANGED,
  SHOW_TARGET,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
say (GwPlanningPage *self,
     const char     *text)
{
  g_signal_emit (self, signals[MESSAGE], 0, text);
}

static gboolean
may_plan (GwPlanningPage *self)
{
  GwRole role;

  return self->session && gw_session_get_role (self->session, &role) &&
         (role == GW_ROLE_PLANNER || role == GW_ROLE_ADMIN);
}

/* Today in the calendar's time zone: the server's, China's. */
guint32
gw_planning_page_get_today (GwPlanningPage *self)
{
  return gw_work_calendar_get_today (self->work_calendar);
}

static void
show_sheet (GwPlanningPage *self)
{
  gw_plan_sheet_show (self->sheet, self->plan, self->plan_id, self->selected, gw_planning_page_get_today (self),
                      may_plan (self));
}

/* ---- the month ---- */

static gboolean
is_off_day (GwPlanningPage *self,
            const GDate    *date)
{
  /* Noon, in the calendar's zone: the county's day whatever the clock's. */
  g_autoptr(GDateTime) noon = g_date_time_new (gw_work_calendar_get_timezone (self->work_calendar),
                                               g_date_get_year (date), g_date_get_month (date),
                                               g_date_get_day (date), 12, 0, 0);

  return noon && !gw_work_calendar_is_working_day (self->work_calendar, noon);
}

static void
show_summary (GwPlanningPage *self)
{
  GwInspectionFigures f;
  g_autofree char *text = NULL;

  if (self->plan == NULL)
    {
      gtk_label_set_text (self->summary, _("No inspection plan yet"));
      return;
    }
  gw_inspection_plan_get_figures (self->plan, &f);
  text = g_strdup_printf (_("Plan %u: %u joint visits instead of %u (%.0f%% fewer), %u due items, seed %u"),
                          (guint) self->plan_id, f.visits, f.separate_visits,
                          f.separate_visits ? 100.0 * f.visits_saved / f.separate_visits : 0.0,
                          gw_inspection_plan_get_n_dues (self->plan), gw_inspection_plan_get_options (self->plan)->seed);
  if (gw_inspection_plan_get_n_crowded (self->plan) > 0)
    {
      guint crowded = gw_inspection_plan_get_n_crowded (self->plan);
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%s. %u visit is on a day above 1.3 times the mean load: "
                                                            "its items’ windows left no other day",
                                                            "%s. %u visits are on days above 1.3 times the mean load: "
                                                            "their items’ windows left no other day", crowded),
                                               text, crowded);

      g_free (text);
      text = g_steal_pointer (&more);
    }
  gtk_label_set_text (self->summary, text);
}

static void fit_month (GwPlanningPage *self);

/* The days keep their widgets: a render moves them to the month shown
 * and hands each its visits. */
static void
render (GwPlanningPage *self)
{
  g_autoptr(GHashTable) by_day = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  GDate first, day;
  char month_text[64];
  guint32 start;

  /* Only planners plan; the others read the plan. */
  gtk_widget_set_visible (self->make_button, may_plan (self));
  gtk_widget_set_visible (GTK_WIDGET (self->window_choice), may_plan (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "planning.make", may_plan (self));

  gtk_widget_set_visible (GTK_WIDGET (self->calendar), self->month != 0);
  if (self->month == 0)
    return;

  g_date_set_julian (&first, self->month);
  /* Translators: a month in the planning calendar, as strftime() formats it */
  g_date_strftime (month_text, sizeof month_text, _("%Y-%m"), &first);
  gtk_label_set_text (self->month_label, month_text);

  for (guint i = 0; self->plan && i < gw_inspection_plan_get_n_visits (self->plan); i++)
    {
      GwPlanVisit *v = gw_inspection_plan_get_visit (self->plan, i);
      GPtrArray *list = g_hash_table_lookup (by_day, GUINT_TO_POINTER (v->day));

      if (list == NULL)
        g_hash_table_insert (by_day, GUINT_TO_POINTER (v->day), list = g_ptr_array_new ());
      g_ptr_array_add (list, v);
    }

  /* From the Monday on or before the first, six weeks. */
  start = self->month - (g_date_get_weekday (&first) - G_DATE_MONDAY);
  for (guint cell = 0; cell < N_DAYS; cell++)
    {
      GwCalendarDay *d = self->days[cell];

      g_date_set_julian (&day, start + cell);
      gw_calendar_day_set_date (d, start + cell);
      gw_calendar_day_set_in_month (d, g_date_get_month (&day) == g_date_get_month (&first));
      gw_calendar_day_set_off_day (d, is_off_day (self, &day));
      gw_calendar_day_set_visits (d, self->data, g_hash_table_lookup (by_day, GUINT_TO_POINTER (start + cell)),
                                  self->selected, may_plan (self));
    }

  /* A sixth week wholly in the next month is not shown: the month fits. */
  for (guint cell = 35; cell < N_DAYS; cell++)
    gtk_widget_set_visible (GTK_WIDGET (self->days[cell]), gw_calendar_day_get_in_month (self->days[35]));
  fit_month (self);

  show_summary (self);
  show_sheet (self);
}

/* ---- loading ---- */

static void
take_plan (GwPlanningPage   *self,
           GwInspectionLoad *load)
{
  GwInspectionPlan *plan = load->plan;

  g_set_object (&self->plan, plan);
  self->plan_id = load->plan_id;
  self->plan_version = load->plan_version;
  g_signal_emit (self, signals[PLAN_CHANGED], 0);
  if (self->month == 0 || self->month < gw_inspection_plan_get_options (plan)->from ||
      self->month >= gw_inspection_plan_get_options (plan)->to)
    {
      GDate first;

      g_date_set_julian (&first, gw_inspection_plan_get_options (plan)->from);
      g_date_set_day (&first, 1);
      self->month = g_date_get_julian (&first);
    }
}

static void
failed (GwPlanningPage *self,
        GError         *error)
{
  g_autofree char *text = g_strdup_printf (_("Cannot read the inspection plans: %s"), error->message);

  say (self, text);
}

static void
on_loaded (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GwPlanningPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwInspectionLoad) load = gw_inspection_sync_load_finish (result, &error);

  if (load == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        failed (self, error);
      return;
    }
  g_set_object (&self->data, load->data);
  if (load->plan)
    take_plan (self, load);
  render (self);
}

void
gw_planning_page_reload (GwPlanningPage *self)
{
  g_return_if_fail (GW_IS_PLANNING_PAGE (self));

  if (self->session == NULL || gw_session_get_client (self->session) == NULL)
    return;
  /* A newer load overtakes an older one. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gw_inspection_sync_load_async (gw_session_get_client (self->session), self->work_calendar, self->cancellable,
                                 on_loaded, g_object_ref (self));
}

/* ---- actions ---- */

static void
on_written (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GwPlanningPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwInspectionLoad) load = gw_inspection_sync_change_finish (result, &error);
  g_autofree char *text = NULL;

  if (load)
    {
      take_plan (self, load);
      render (self);
      return;
    }
  /* Refused or based on an old version: the server's word, and its plan. */
  if (g_error_matches (error, GW_ERROR, GW_ERROR_CONFLICT))
    text = g_strdup_printf (_("The server refused: %s"), error->message);
  else
    text = g_strdup_printf (_("The plan was not changed: %s"), error->message);
  say (self, text);
  gw_planning_page_reload (self);
}

/* A change is read against the catalogue: none before it is loaded. */
static gboolean
loaded (GwPlanningPage *self)
{
  if (self->data == NULL)
    say (self, _("The inspection catalogue is still being read from the town server"));
  return self->data != NULL;
}

static void
post (GwPlanningPage *self,
      const char     *path,
      JsonNode       *body)
{
  if (!loaded (self))
    return;
  gw_inspection_sync_change_async (gw_session_get_client (self->session), path, body, self->data, self->work_calendar,
                                   self->cancellable, on_written, g_object_ref (self));
}

static void
on_preview_answered (AdwMessageDialog *dialog,
                     const char       *response,
                     GwPlanningPage   *self)
{
  g_autoptr(GwInspectionPlan) plan = g_steal_pointer (&self->preview);
  const GwPlanOptions *options;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *from = NULL, *to = NULL;

  if (plan == NULL || !g_str_equal (response, "make"))
    return;
  options = gw_inspection_plan_get_options (plan);
  from = gw_julian_to_string (options->from);
  to = gw_julian_to_string (options->to);
  /* The same seed: the plan made is the plan shown. */
  json_builder_begin_object (b);
  gw_json_builder_add_string (b, "from", from);
  gw_json_builder_add_string (b, "to", to);
  json_builder_set_member_name (b, "seed");
  json_builder_add_int_value (b, options->seed);
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  self->month = 0;
  post (self, "/api/v1/inspection/plans", body);
}

static void
on_previewed (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GwPlanningPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwInspectionLoad) load = gw_inspection_sync_change_finish (result, &error);
  GwInspectionPlan *plan = load ? load->plan : NULL;
  g_autofree char *text = NULL;
  AdwMessageDialog *dialog;

  if (plan == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The plan could not be previewed: %s"),
                                                  error ? error->message : _("the server sent no plan"));

      say (self, message);
      return;
    }
  text = gw_plan_preview_describe (plan, load->answer);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                       _("Make This Plan?"), text));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "make", _("_Make Plan"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "make", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "make");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_set_object (&self->preview, plan);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_preview_answered), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
make_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  GwPlanningPage *self = GW_PLANNING_PAGE (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  guint choice = gtk_drop_down_get_selected (self->window_choice);
  GDate from, to;
  g_autofree char *from_text = NULL, *to_text = NULL;

  if (!may_plan (self))
    {
      say (self, _("Only planners make inspection plans"));
      return;
    }
  /* From the first of next month, quarter or year. */
  g_date_set_dmy (&from, 1, g_date_time_get_month (now), g_date_time_get_year (now));
  if (choice == 2)
    g_date_set_dmy (&from, 1, 1, g_date_time_get_year (now) + 1);
  else
    g_date_add_months (&from, choice == 1 ? 3 - (g_date_time_get_month (now) - 1) % 3 : 1);
  to = from;
  g_date_add_months (&to, choice == 0 ? 1 : choice == 1 ? 3 : 12);
  from_text = gw_julian_to_string (g_date_get_julian (&from));
  to_text = gw_julian_to_string (g_date_get_julian (&to));

  json_builder_begin_object (b);
  gw_json_builder_add_string (b, "from", from_text);
  gw_json_builder_add_string (b, "to", to_text);
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  /* Shown first, made only when the planner agrees. */
  if (!loaded (self))
    return;
  gw_inspection_sync_change_async (gw_session_get_client (self->session), "/api/v1/inspection/plans/preview", body,
                                   self->data, self->work_calendar, self->cancellable, on_previewed,
                                   g_object_ref (self));
}

static void
month_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  GwPlanningPage *self = GW_PLANNING_PAGE (widget);
  GDate first;

  if (self->month == 0)
    return;
  g_date_set_julian (&first, self->month);
  if (g_variant_get_int32 (param) < 0)
    g_date_subtract_months (&first, 1);
  else
    g_date_add_months (&first, 1);
  self->month = g_date_get_julian (&first);
  render (self);
}

static void
select_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  GwPlanningPage *self = GW_PLANNING_PAGE (widget);

  self->selected = g_variant_get_uint32 (param);
  render (self);
}

/* {"action", "base_version", "params": {"visit", …: the caller's, then
 * post_plan_action() closes both objects. */
static JsonBuilder *
begin_plan_action (GwPlanningPage *self,
                   const char     *action,
                   guint           visit)
{
  JsonBuilder *b = json_builder_new ();

  json_builder_begin_object (b);
  gw_json_builder_add_string (b, "action", action);
  json_builder_set_member_name (b, "base_version");
  json_builder_add_int_value (b, self->plan_version);
  json_builder_set_member_name (b, "params");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "visit");
  json_builder_add_int_value (b, visit);
  return b;
}

static void
post_plan_action (GwPlanningPage *self,
                  JsonBuilder    *b)
{
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v1/inspection/plans/%" G_GINT64_FORMAT "/actions", self->plan_id);

  json_builder_end_object (b);
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  post (self, path, body);
}

/* (visit, julian day): checked here first, so a broken rule is said at
 * once; then the server decides. */
static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  GwPlanningPage *self = GW_PLANNING_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autofree char *day_text = NULL;
  guint visit;
  guint32 day;

  g_variant_get (param, "(uu)", &visit, &day);
  if (self->plan == NULL || !may_plan (self))
    {
      say (self, _("Only planners change inspection plans"));
      return;
    }
  if (!gw_inspection_plan_move_visit (self->plan, visit, day, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The visit cannot move there: %s"), error->message);

      say (self, text);
      return;
    }
  day_text = gw_julian_to_string (day);
  b = begin_plan_action (self, "reschedule", visit);
  gw_json_builder_add_string (b, "day", day_text);
  self->selected = visit;
  render (self);
  post_plan_action (self, b);
}

/* (visit, [(item, passed, note)]): what the inspectors found. */
static void
record_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  GwPlanningPage *self = GW_PLANNING_PAGE (widget);
  g_autoptr(GVariantIter) iter = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  const char *item, *note;
  gboolean passed;
  guint visit;

  g_variant_get (param, "(ua(sbs))", &visit, &iter);
  if (self->plan == NULL || !may_plan (self))
    {
      say (self, _("Only planners record inspection findings"));
      return;
    }
  b = begin_plan_action (self, "record_findings", visit);
  json_builder_set_member_name (b, "findings");
  json_builder_begin_array (b);
  while (g_variant_iter_next (iter, "(&sb&s)", &item, &passed, &note))
    {
      json_builder_begin_object (b);
      gw_json_builder_add_string (b, "item", item);
      json_builder_set_member_name (b, "passed");
      json_builder_add_boolean_value (b, passed);
      if (!passed && *note)
        gw_json_builder_add_string (b, "note", note);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  post_plan_action (self, b);
}

static void
show_target_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  g_signal_emit (widget, signals[SHOW_TARGET], 0, g_variant_get_uint32 (param));
}

typedef enum
{
  EXPORT_PDF,
  EXPORT_CSV,
  EXPORT_VISIT,   /* the chosen visit's task sheet, as PDF */
} ExportKind;

static void
export_chosen (GtkNativeDialog *dialog,
               int              response,
               GwPlanningPage  *self,
               ExportKind       kind)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_autoptr(GError) error = NULL;

  gboolean done = TRUE;

  if (response == GTK_RESPONSE_ACCEPT && file && self->plan)
    done = kind == EXPORT_VISIT ? gw_plan_export_visit_pdf (self->plan, self->selected, file, &error) :
           kind == EXPORT_PDF ? gw_plan_export_pdf (self->plan, file, &error) : gw_plan_export_csv (self->plan, file, &error);
  if (!done)
    {
      g_autofree char *text = g_strdup_printf (_("Cannot export the plan: %s"), error->message);

      say (self, text);
    }
  g_object_unref (dialog);
}

static void
on_export_pdf_response (GtkNativeDialog *dialog,
                        int              response,
                        GwPlanningPage  *self)
{
  export_chosen (dialog, response, self, EXPORT_PDF);
}

static void
on_export_visit_response (GtkNativeDialog *dialog,
                          int              response,
                          GwPlanningPage  *self)
{
  export_chosen (dialog, response, self, EXPORT_VISIT);
}

static void
on_export_csv_response (GtkNativeDialog *dialog,
                        int              response,
                        GwPlanningPage  *self)
{
  export_chosen (dialog, response, self, EXPORT_CSV);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  GwPlanningPage *self = GW_PLANNING_PAGE (widget);
  const char *kind = g_variant_get_string (param, NULL);
  gboolean pdf = g_str_equal (kind, "pdf"), visit = g_str_equal (kind, "visit");
  GtkFileChooserNative *dialog;
  g_autofree char *name = NULL;
  GCallback response = G_CALLBACK (visit ? on_export_visit_response : pdf ? on_export_pdf_response : on_export_csv_response);

  if (self->plan == NULL || (visit && gw_inspection_plan_find_visit (self->plan, self->selected) == NULL))
    {
      say (self, visit ? _("Choose a visit first") : _("No inspection plan yet"));
      return;
    }
  dialog = gtk_file_chooser_native_new (visit ? _("Export the Task Sheet as PDF") :
                                        pdf ? _("Export the Plan as PDF") : _("Export the Plan as CSV"),
                                        GTK_WINDOW (gtk_widget_get_root (widget)), GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  name = visit ? g_strdup_printf (_("task-sheet-%u-%u.pdf"), (guint) self->plan_id, self->selected)
               : g_strdup_printf (pdf ? _("inspection-plan-%u.pdf") : _("inspection-plan-%u.csv"), (guint) self->plan_id);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_signal_connect (dialog, "response", response, self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- the widget ---- */

static void
gw_planning_page_dispose (GObject *object)
{
  GwPlanningPage *self = (GwPlanningPage *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_PLANNING_PAGE);
  g_clear_object (&self->session);
  g_clear_object (&self->work_calendar);
  g_clear_object (&self->data);
  g_clear_object (&self->plan);
  g_clear_object (&self->preview);

  G_OBJECT_CLASS (gw_planning_page_parent_class)->dispose (object);
}

static void
gw_planning_page_class_init (GwPlanningPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_planning_page_dispose;

  /* Something to tell the user: a refusal and its reason, an error. */
  signals[MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* A plan was loaded or changed: the map's targets follow it. */
  signals[PLAN_CHANGED] = g_signal_new ("plan-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Show this target (an index in the inspection data) on the map. */
  signals[SHOW_TARGET] = g_signal_new ("show-target", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/gridwatch/Gridwatch/gw-planning-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GwPlanningPage, box);
  gtk_widget_class_bind_template_child (widget_class, GwPlanningPage, window_choice);
  gtk_widget_class_bind_template_child (widget_class, GwPlanningPage, make_button);
  gtk_widget_class_bind_template_child (widget_class, GwPlanningPage, summary);
  gtk_widget_class_bind_template_child (widget_class, GwPlanningPage, month_label);
  gtk_widget_class_bind_template_child (widget_class, GwPlanningPage, calendar);
  gtk_widget_class_bind_template_child (widget_class, GwPlanningPage, calendar_scroller);
  gtk_widget_class_bind_template_child (widget_class, GwPlanningPage, sheet);

  gtk_widget_class_install_action (widget_class, "planning.make", NULL, make_action);
  gtk_widget_class_install_action (widget_class, "planning.month", "i", month_action);
  gtk_widget_class_install_action (widget_class, "planning.select", "u", select_action);
  gtk_widget_class_install_action (widget_class, "planning.move", "(uu)", move_action);
  gtk_widget_class_install_action (widget_class, "planning.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "planning.record", "(ua(sbs))", record_action);
  gtk_widget_class_install_action (widget_class, "planning.show-target", "u", show_target_action);

  g_type_ensure (GW_TYPE_PLAN_SHEET);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "gw-planning-page");
}

static void
add_days (GwPlanningPage *self)
{
  static const char *weekdays[] = { N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun") };

  for (guint w = 0; w < 7; w++)
    {
      GtkWidget *heading = gtk_label_new (_(weekdays[w]));

      gtk_widget_add_css_class (heading, "dim-label");
      gtk_grid_attach (self->calendar, heading, w, 0, 1, 1);
    }
  for (guint cell = 0; cell < N_DAYS; cell++)
    {
      self->days[cell] = g_object_new (GW_TYPE_CALENDAR_DAY, NULL);
      gtk_grid_attach (self->calendar, GTK_WIDGET (self->days[cell]), cell % 7, 1 + cell / 7, 1, 1);
    }
}

/* A chip is about 22 px high with its spacing, and a day has about
 * 48 px of its own (the date, "and N more", padding): six weeks and the
 * weekdays' heading fit the height the calendar is given. */
#define CHIP_HEIGHT 22
#define DAY_OVERHEAD 48

static void
fit_month (GwPlanningPage *self)
{
  double height = gtk_adjustment_get_page_size (gtk_scrolled_window_get_vadjustment (self->calendar_scroller));
  guint weeks = gtk_widget_get_visible (GTK_WIDGET (self->days[35])) ? 6 : 5;
  int per_week = ((int) height - 40) / (int) weeks - 4;
  guint chips = per_week > DAY_OVERHEAD ? (guint) (per_week - DAY_OVERHEAD) / CHIP_HEIGHT : 1;

  chips = CLAMP (chips, 1, 6);
  if (height <= 0 || chips == self->chips)
    return;
  self->chips = chips;
  for (guint cell = 0; cell < N_DAYS; cell++)
    gw_calendar_day_set_max_chips (self->days[cell], chips);
  render (self);
}

static void
gw_planning_page_init (GwPlanningPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_days (self);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->calendar_scroller), "notify::page-size",
                           G_CALLBACK (fit_month), self, G_CONNECT_SWAPPED);
  self->work_calendar = gw_work_calendar_new_china ();
  show_sheet (self);
}

void
gw_planning_page_set_session (GwPlanningPage *self,
                              GwSession      *session)
{
  g_return_if_fail (GW_IS_PLANNING_PAGE (self));

  /* The same session again: its role may be known now. */
  if (self->session == session)
    {
      render (self);
      return;
    }
  g_set_object (&self->session, session);
  render (self);
  gw_planning_page_reload (self);
}

GwInspectionPlan *
gw_planning_page_get_plan (GwPlanningPage *self)
{
  g_return_val_if_fail (GW_IS_PLANNING_PAGE (self), NULL);
  return self->plan;
}

/* The server's number for the plan shown; 0 while there is none. */
gint64
gw_planning_page_get_plan_id (GwPlanningPage *self)
{
  g_return_val_if_fail (GW_IS_PLANNING_PAGE (self), 0);
  return self->plan_id;
}

gint64
gw_planning_page_get_plan_version (GwPlanningPage *self)
{
  g_return_val_if_fail (GW_IS_PLANNING_PAGE (self), 0);
  return self->plan_version;
}

void
gw_planning_page_show_month (GwPlanningPage *self,
                             guint32         julian)
{
  GDate first;

  g_return_if_fail (GW_IS_PLANNING_PAGE (self));

  g_date_set_julian (&first, julian);
  g_date_set_day (&first, 1);
  self->month = g_date_get_julian (&first);
  render (self);
}

guint
gw_planning_page_get_selected (GwPlanningPage *self)
{
  g_return_val_if_fail (GW_IS_PLANNING_PAGE (self), 0);
  return self->selected;
}

GwInspectionData *
gw_planning_page_get_data (GwPlanningPage *self)
{
  g_return_val_if_fail (GW_IS_PLANNING_PAGE (self), NULL);
  return self->data;
}

/* The day cell showing @julian, or %NULL when it is not on screen. */
GwCalendarDay *
gw_planning_page_get_day (GwPlanningPage *self,
                          guint32         julian)
{
  g_return_val_if_fail (GW_IS_PLANNING_PAGE (self), NULL);

  for (guint cell = 0; self->month != 0 && cell < N_DAYS; cell++)
    if (gw_calendar_day_get_date (self->days[cell]) == julian)
      return self->days[cell];
  return NULL;
}

/* Opens a visit: its month, its task sheet. */
void
gw_planning_page_select_visit (GwPlanningPage *self,
                               guint           visit_id)
{
  GwPlanVisit *visit;

  g_return_if_fail (GW_IS_PLANNING_PAGE (self));

  if (self->plan == NULL || !(visit = gw_inspection_plan_find_visit (self->plan, visit_id)))
    return;
  self->selected = visit_id;
  gw_planning_page_show_month (self, visit->day);
}
