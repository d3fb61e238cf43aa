/* gw-town-server-inspection.c: joint-inspection targets, catalogue and plans
 *
 *   GET  /api/v1/inspection/targets | catalogue | inspectors
 *   GET  /api/v1/inspection/plans            the plans, newest first
 *   POST /api/v1/inspection/plans            plan a window (planner, admin)
 *   POST /api/v1/inspection/plans/preview    the same, shown and not kept
 *   GET  /api/v1/inspection/plans/{id}       one plan with its visits
 *   POST /api/v1/inspection/plans/{id}/actions
 *        reschedule {visit, day} or record_findings {visit, findings}
 *
 * Planners write, everyone signed in reads. Every write names the plan's
 * version it is based on (409 when another planner changed it first), is
 * checked by the same core rules the app shows (422 with the reason), is
 * audited, and puts the plan in the change feed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-town-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-error.h"
#include "gw-grid.h"
#include "gw-inspection-plan.h"
#include "gw-field.h"
#include "gw-json.h"
#include "gw-store-feed.h"
#include "gw-town-server-private.h"

#define DEMO_TARGETS 1500
#define DEMO_INSPECTORS_PER_DEPARTMENT 20

static gboolean
may_plan (GwRole role)
{
  return role == GW_ROLE_PLANNER || role == GW_ROLE_ADMIN;
}

/* Targets and inspectors as the store has them; generated for the demo
 * the first time, over the county's grids. A county's import (another
 * process) changes the stamp beside them, and they are read again. */
GwInspectionData *
gw_town_server_inspection_data (GwTownServer  *self,
                                GError       **error)
{
  g_autofree char *stamp = gw_store_get_meta (self->store, GW_INSPECTION_DATA_STAMP);
  g_autofree char *targets = NULL;
  g_autofree char *inspectors = NULL;
  g_autoptr(JsonNode) t = NULL;
  g_autoptr(JsonNode) x = NULL;

  if (self->inspection && g_strcmp0 (stamp, self->inspection_stamp) == 0)
    return self->inspection;
  g_clear_object (&self->inspection);
  g_free (self->inspection_stamp);
  self->inspection_stamp = g_steal_pointer (&stamp);
  if (!(self->inspection = gw_store_load_catalogue (self->store, error)))
    return NULL;
  targets = gw_store_get_inspection_data (self->store, "targets");
  inspectors = gw_store_get_inspection_data (self->store, "inspectors");
  if (targets == NULL && inspectors == NULL)
    return self->inspection;

  /* A county may have imported one list and not yet the other. */
  t = json_from_string (targets ? targets : "{\"items\":[]}", NULL);
  x = json_from_string (inspectors ? inspectors : "{\"items\":[]}", NULL);
  if (!t || !x)
    g_set_error (error, GW_ERROR, GW_ERROR_STORAGE, _("The stored inspection targets or inspectors are not JSON"));
  else if (gw_inspection_data_load_json (self->inspection, t, x, error))
    return self->inspection;
  g_clear_object (&self->inspection);
  return NULL;
}

/* Each enterprise in the unit grid it stands in; one that the random
 * scatter put outside the county moves into a unit grid picked at
 * random, a little off its label point. */
static void
place_in_grids (GwInspectionData *data,
                GPtrArray        *grids)
{
  g_autoptr(GPtrArray) units = g_ptr_array_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  const GwInspectionTarget *targets;
  guint n;

  for (guint i = 0; i < grids->len; i++)
    if (gw_grid_get_level (g_ptr_array_index (grids, i)) == GW_GRID_LEVEL_GRID)
      g_ptr_array_add (units, g_ptr_array_index (grids, i));
  if (units->len == 0)
    return;
  targets = gw_inspection_data_get_targets (data, &n);
  for (guint t = 0; t < n; t++)
    {
      double lat = targets[t].lat, lon = targets[t].lon;
      GwGrid *home = NULL;

      for (guint i = 0; i < units->len && !home; i++)
        if (gw_geometry_contains (gw_grid_get_geometry (g_ptr_array_index (units, i)), lon, lat))
          home = g_ptr_array_index (units, i);
      if (home == NULL)
        {
          home = g_ptr_array_index (units, g_rand_int_range (rand, 0, units->len));
          gw_geometry_get_label_point (gw_grid_get_geometry (home), &lon, &lat);
          lon += g_rand_double_range (rand, -0.002, 0.002);
          lat += g_rand_double_range (rand, -0.0015, 0.0015);
          if (!gw_geometry_contains (gw_grid_get_geometry (home), lon, lat))
            gw_geometry_get_label_point (gw_grid_get_geometry (home), &lon, &lat);
        }
      gw_inspection_data_place_target (data, t, lat, lon, gw_grid_get_code (home));
    }
}

gboolean
gw_town_server_add_demo_inspection (GwTownServer  *self,
                                    GPtrArray     *grids,
                                    GError       **error)
{
  GwInspectionData *data = gw_town_server_inspection_data (self, error);
  g_autoptr(JsonNode) targets = NULL;
  g_autoptr(JsonNode) inspectors = NULL;
  g_autofree char *targets_text = NULL;
  g_autofree char *inspectors_text = NULL;
  GwBounds all = GW_BOUNDS_EMPTY;
  guint n;

  if (data == NULL)
    return FALSE;
  gw_inspection_data_get_targets (data, &n);
  if (n > 0)
    return TRUE;
  for (guint i = 0; i < grids->len; i++)
    gw_bounds_union (&all, gw_geometry_get_bounds (gw_grid_get_geometry (g_ptr_array_index (grids, i))));
  gw_inspection_data_add_demo (data, DEMO_TARGETS, DEMO_INSPECTORS_PER_DEPARTMENT, 370883, all.min_lat, all.min_lon,
                               all.max_lat, all.max_lon);
  place_in_grids (data, grids);
  targets = gw_inspection_data_targets_to_json (data);
  inspectors = gw_inspection_data_inspectors_to_json (data);
  targets_text = json_to_string (targets, FALSE);
  inspectors_text = json_to_string (inspectors, FALSE);
  return gw_store_put_inspection_data (self->store, "targets", targets_text, error) &&
         gw_store_put_inspection_data (self->store, "inspectors", inspectors_text, error);
}

static JsonNode *
plan_answer (gint64      id,
             gint64      version,
             const char *created_at,
             const char *created_by,
             JsonNode   *plan)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, id);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, version);
  gw_json_builder_add_string (b, "created_at", created_at);
  gw_json_builder_add_string (b, "created_by", created_by);
  json_builder_set_member_name (b, "plan");
  json_builder_add_value (b, json_node_ref (plan));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
audit (GwTownServer   *self,
       const GwCaller *caller,
       const char     *action,
       gint64          plan,
       gint64          before,
       gint64          after,
       guint           status,
       const char     *detail)
{
  g_autofree char *id = g_strdup_printf ("plan:%" G_GINT64_FORMAT, plan);
  GwAuditEntry entry = { .user = caller->name, .role = (char *) gw_role_to_string (caller->role),
                         .action = (char *) action, .case_id = id, .before_version = before,
                         .after_version = after, .status = status, .detail = (char *) detail };

  gw_store_audit (self->store, &entry, NULL);
}

static gboolean
read_day (JsonObject  *obj,
          const char  *member,
          guint32     *julian,
          GError     **error)
{
  const char *text = NULL;

  if (!gw_field_text (obj, member, GW_FIELD_REQUIRED, 10, &text, error))
    return FALSE;
  if (!(*julian = gw_julian_from_string (text)))
    return gw_json_fail (error, "“%s” must be a day such as 2026-03-01", member), FALSE;
  return TRUE;
}

/* The planner's options, each within what a county could mean. */
gboolean
gw_town_server_read_plan_options (JsonObject     *obj,
                                  GwPlanOptions  *options,
                                  GError        **error)
{
  gint64 seed = g_random_int ();
  gint64 max_per_department = options->max_per_department, department_capacity = options->department_capacity;
  gint64 inspector_capacity = options->inspector_capacity, team_size = options->team_size;

  if (!read_day (obj, "from", &options->from, error) || !read_day (obj, "to", &options->to, error) ||
      !gw_field_int (obj, "seed", GW_FIELD_OPTIONAL, 0, G_MAXUINT32, &seed, error) ||
      !gw_field_number (obj, "random_share", GW_FIELD_OPTIONAL, 0, 1, &options->random_share, error) ||
      !gw_field_int (obj, "max_per_department", GW_FIELD_OPTIONAL, 1, 12, &max_per_department, error) ||
      !gw_field_int (obj, "department_capacity", GW_FIELD_OPTIONAL, 1, 1000, &department_capacity, error) ||
      !gw_field_int (obj, "inspector_capacity", GW_FIELD_OPTIONAL, 1, 20, &inspector_capacity, error) ||
      !gw_field_int (obj, "team_size", GW_FIELD_OPTIONAL, 2, 10, &team_size, error))
    return FALSE;

  options->seed = seed;
  options->max_per_department = max_per_department;
  options->department_capacity = department_capacity;
  options->inspector_capacity = inspector_capacity;
  options->team_size = team_size;
  return TRUE;
}

/* The plan the body asks for, computed; NULL when refused (answered). */
static GwInspectionPlan *
compute_asked_plan (GwTownServer      *self,
                    SoupServerMessage *msg,
                    const GwCaller    *caller,
                    GwPlanOptions     *options)
{
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  GwInspectionPlan *plan = NULL;
  GwInspectionData *data;

  if (!(body = gw_town_server_read_body_or_refuse (self, msg, caller, "plan_inspections", NULL)))
    return NULL;
  if (!gw_town_server_read_plan_options (json_node_get_object (body), options, &error))
    {
      g_autofree char *message = g_strdup_printf ("The body must be {\"from\": \"YYYY-MM-DD\", \"to\": \"YYYY-MM-DD\", …}: %s",
                                                  error->message);
      gw_town_server_refuse (self, msg, caller, "plan_inspections", NULL, SOUP_STATUS_BAD_REQUEST, "bad_request", message);
      return NULL;
    }
  options->calendar = self->calendar;

  if (!(data = gw_town_server_inspection_data (self, &error)) || !(plan = gw_inspection_plan_compute (data, options, &error)))
    {
      gw_town_server_send_error (msg, data ? SOUP_STATUS_UNPROCESSABLE_ENTITY : SOUP_STATUS_INTERNAL_SERVER_ERROR,
                                 data ? "invalid_plan" : "storage_error", error->message);
      return NULL;
    }
  return plan;
}

static void
create_plan (GwTownServer      *self,
             SoupServerMessage *msg,
             const GwCaller    *caller)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwInspectionPlan) plan = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *text = NULL;
  g_autofree char *created_at = NULL, *created_by = NULL;
  GwPlanOptions options = GW_PLAN_OPTIONS_INIT;
  gint64 id;

  if (!(plan = compute_asked_plan (self, msg, caller, &options)))
    return;
  json = gw_inspection_plan_to_json (plan);
  text = json_to_string (json, FALSE);
  if (!(id = gw_store_add_inspection_plan (self->store, caller->name, text, &error)))
    {
      gw_town_server_send_storage_error (msg, error);
      return;
    }
  audit (self, caller, "plan_inspections", id, 0, 1, SOUP_STATUS_CREATED, NULL);
  g_free (gw_store_get_inspection_plan (self->store, id, NULL, &created_at, &created_by));
  answer = plan_answer (id, 1, created_at, created_by, json);
  gw_town_server_announce (self);
  gw_town_server_send_node (msg, SOUP_STATUS_CREATED, answer);
}

/* The existing plans whose windows meet [from, to). */
static void
add_overlaps (GwTownServer *self,
              JsonBuilder  *b,
              guint32       from,
              guint32       to)
{
  g_autoptr(GArray) ids = gw_store_list_inspection_plans (self->store);

  json_builder_set_member_name (b, "overlaps");
  json_builder_begin_array (b);
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autofree char *body = gw_store_get_inspection_plan (self->store, id, NULL, NULL, NULL);
      g_autoptr(JsonNode) plan = body ? json_from_string (body, NULL) : NULL;
      JsonObject *p = gw_json_node_get_object (plan);
      guint32 plan_from = p ? gw_julian_from_string (gw_json_object_get_string (p, "from")) : 0;
      guint32 plan_to = p ? gw_julian_from_string (gw_json_object_get_string (p, "to")) : 0;

      if (plan_from == 0 || plan_to <= from || plan_from >= to)
        continue;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, id);
      gw_json_builder_add_string (b, "from", gw_json_object_get_string (p, "from"));
      gw_json_builder_add_string (b, "to", gw_json_object_get_string (p, "to"));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* POST plans/preview: the plan as it would be made, with what the planner
 * should know first (plans it overlaps, days only guessed to be working
 * because the year's holidays are not known), stored nowhere. */
static void
preview_plan (GwTownServer      *self,
              SoupServerMessage *msg,
              const GwCaller    *caller)
{
  g_autoptr(GwInspectionPlan) plan = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GHashTable) unknown = g_hash_table_new (NULL, NULL);
  GwPlanOptions options = GW_PLAN_OPTIONS_INIT;
  guint guessed = 0;

  if (!(plan = compute_asked_plan (self, msg, caller, &options)))
    return;
  for (guint32 day = options.from; day < options.to; day++)
    {
      GDate date;

      g_date_set_julian (&date, day);
      if (gw_work_calendar_knows_year (self->calendar, g_date_get_year (&date)))
        continue;
      g_hash_table_add (unknown, GINT_TO_POINTER ((int) g_date_get_year (&date)));
      guessed += g_date_get_weekday (&date) <= G_DATE_FRIDAY;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "plan");
  json_builder_add_value (b, gw_inspection_plan_to_json (plan));
  add_overlaps (self, b, options.from, options.to);
  json_builder_set_member_name (b, "days_assumed_working");
  json_builder_add_int_value (b, guessed);
  json_builder_set_member_name (b, "unknown_years");
  json_builder_begin_array (b);
  for (int year = 1900; year < 3000 && g_hash_table_size (unknown) > 0; year++)
    if (g_hash_table_remove (unknown, GINT_TO_POINTER (year)))
      json_builder_add_int_value (b, year);
  json_builder_end_array (b);
  json_builder_end_object (b);
  answer = json_builder_get_root (b);
  gw_town_server_send_node (msg, SOUP_STATUS_OK, answer);
}

static void
list_plans (GwTownServer      *self,
            SoupServerMessage *msg)
{
  g_autoptr(GArray) ids = gw_store_list_inspection_plans (self->store);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i), version = 0;
      g_autofree char *created_at = NULL, *created_by = NULL;
      g_autofree char *body = gw_store_get_inspection_plan (self->store, id, &version, &created_at, &created_by);
      g_autoptr(JsonNode) plan = body ? json_from_string (body, NULL) : NULL;
      JsonObject *p = gw_json_node_get_object (plan);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, id);
      json_builder_set_member_name (b, "version");
      json_builder_add_int_value (b, version);
      gw_json_builder_add_string (b, "created_at", created_at);
      gw_json_builder_add_string (b, "created_by", created_by);
      gw_json_builder_add_string (b, "from", gw_json_object_get_string (p, "from"));
      gw_json_builder_add_string (b, "to", gw_json_object_get_string (p, "to"));
      if (p && json_object_has_member (p, "figures"))
        {
          json_builder_set_member_name (b, "figures");
          json_builder_add_value (b, json_node_copy (json_object_get_member (p, "figures")));
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  gw_town_server_send_node (msg, SOUP_STATUS_OK, root);
}

static void
get_plan (GwTownServer      *self,
          SoupServerMessage *msg,
          gint64             id)
{
  gint64 version = 0;
  g_autofree char *created_at = NULL, *created_by = NULL;
  g_autofree char *body = gw_store_get_inspection_plan (self->store, id, &version, &created_at, &created_by);
  g_autoptr(JsonNode) plan = body ? json_from_string (body, NULL) : NULL;
  g_autoptr(JsonNode) answer = NULL;

  if (plan == NULL)
    {
      gw_town_server_send_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such plan");
      return;
    }
  answer = plan_answer (id, version, created_at, created_by, plan);
  gw_town_server_send_node (msg, SOUP_STATUS_OK, answer);
}

/* Findings come from a visit made, not one still to come. */
static gboolean
findings_are_due (GwTownServer      *self,
                  GwInspectionPlan  *plan,
                  guint              visit_id,
                  GError           **error)
{
  GwPlanVisit *visit = gw_inspection_plan_find_visit (plan, visit_id);
  g_autofree char *day = NULL;

  if (visit == NULL || visit->day <= gw_work_calendar_get_today (self->calendar))
    return TRUE;
  day = gw_julian_to_string (visit->day);
  g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA, "Visit %u is planned for %s; its findings come after the visit",
               visit_id, day);
  return FALSE;
}

/* The live demo's plan: this month and the next two, with what the
 * inspectors found on the days already past (about one item in eight
 * fails), so results, notices and re-inspections are there to see. */
/* What inspectors write, as data in the county's language. */
static const char *demo_notes[] = {
  "近三个月台账记录不全",
  "上次通知要求的问题未整改到位",
  "警示标识缺失或无法辨认",
  "设备超过定期检验期限",
  "证照未在经营场所公示",
};

gboolean
gw_town_server_add_demo_plan (GwTownServer  *self,
                              GError       **error)
{
  g_autoptr(GArray) ids = gw_store_list_inspection_plans (self->store);
  g_autoptr(GwInspectionPlan) plan = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autofree char *text = NULL;
  GwPlanOptions options = GW_PLAN_OPTIONS_INIT;
  GwInspectionData *data;
  guint32 now = gw_work_calendar_get_today (self->calendar);
  GDate first;
  gint64 id;

  if (ids->len > 0)
    return TRUE;
  if (!(data = gw_town_server_inspection_data (self, error)))
    return FALSE;
  g_date_set_julian (&first, now);
  g_date_set_day (&first, 1);
  options.from = g_date_get_julian (&first);
  g_date_add_months (&first, 3);
  options.to = g_date_get_julian (&first);
  options.seed = 20260101;
  options.calendar = self->calendar;
  if (!(plan = gw_inspection_plan_compute (data, &options, error)))
    return FALSE;

  rand = g_rand_new_with_seed (options.seed);
  /* Earliest first, so re-inspections made by a failure are reached. */
  for (;;)
    {
      GwPlanVisit *next = NULL;
      guint n_items;
      const GwInspectionItem *items = gw_inspection_data_get_items (data, &n_items);
      g_autoptr(JsonArray) findings = json_array_new ();

      for (guint i = 0; i < gw_inspection_plan_get_n_visits (plan); i++)
        {
          GwPlanVisit *v = gw_inspection_plan_get_visit (plan, i);

          if (v->day < now && v->findings->len == 0 && (next == NULL || v->day < next->day))
            next = v;
        }
      if (next == NULL)
        break;
      for (guint k = 0; k < next->dues->len; k++)
        {
          JsonObject *finding = json_object_new ();
          gboolean passed = g_rand_double (rand) > 0.12;

          json_object_set_string_member (finding, "item", items[g_array_index (next->dues, GwPlanDue, k).item].code);
          json_object_set_boolean_member (finding, "passed", passed);
          if (!passed)
            json_object_set_string_member (finding, "note", demo_notes[g_rand_int_range (rand, 0, G_N_ELEMENTS (demo_notes))]);
          json_array_add_object_element (findings, finding);
        }
      if (!gw_inspection_plan_record_findings (plan, next->id, findings, error))
        return FALSE;
    }

  json = gw_inspection_plan_to_json (plan);
  text = json_to_string (json, FALSE);
  if (!(id = gw_store_add_inspection_plan (self->store, "demo", text, error)))
    return FALSE;
  gw_town_server_announce (self);
  return TRUE;
}

/* {"action": …, "base_version": N, "params": {"visit": ID, …}}; @obj
 * may be NULL (a body that was not a JSON object). */
gboolean
gw_town_server_read_plan_action (JsonObject  *obj,
                                 const char **action,
                                 gint64      *base_version,
                                 gint64      *visit,
                                 JsonObject **params)
{
  *params = obj ? gw_json_node_get_object (json_object_get_member (obj, "params")) : NULL;
  return *params != NULL &&
         gw_field_text (obj, "action", GW_FIELD_REQUIRED, GW_FIELD_NAME_CHARS, action, NULL) &&
         gw_field_int (obj, "base_version", GW_FIELD_REQUIRED, 1, G_MAXINT64, base_version, NULL) &&
         gw_field_int (*params, "visit", GW_FIELD_REQUIRED, 1, G_MAXUINT32, visit, NULL);
}

/* What an action does to a plan: 200 when done, 422 when the plan
 * refuses it, 400 for an action there is not. */
guint
gw_town_server_apply_plan_action (GwTownServer      *self,
                                  GwInspectionPlan  *plan,
                                  const char        *action,
                                  gint64             visit,
                                  JsonObject        *params,
                                  GError           **error)
{
  gboolean ok;

  if (g_str_equal (action, "reschedule"))
    ok = gw_inspection_plan_move_visit (plan, visit, gw_julian_from_string (gw_json_object_get_string (params, "day")), error);
  else if (g_str_equal (action, "record_findings"))
    ok = findings_are_due (self, plan, visit, error) &&
         gw_inspection_plan_record_findings (plan, visit, gw_json_object_get_array (params, "findings"), error);
  else
    {
      g_set_error_literal (error, GW_ERROR, GW_ERROR_INVALID_DATA, "The actions are reschedule and record_findings");
      return SOUP_STATUS_BAD_REQUEST;
    }
  return ok ? SOUP_STATUS_OK : SOUP_STATUS_UNPROCESSABLE_ENTITY;
}

static void
act_on_plan (GwTownServer      *self,
             SoupServerMessage *msg,
             const GwCaller    *caller,
             gint64             id)
{
  g_autoptr(JsonNode) body = gw_town_server_read_body (msg, NULL);
  JsonObject *params = NULL;
  const char *action = NULL;
  gint64 base_version = -1, version = 0, new_version = 0, visit = 0;
  g_autofree char *created_at = NULL, *created_by = NULL;
  g_autofree char *stored = gw_store_get_inspection_plan (self->store, id, &version, &created_at, &created_by);
  g_autoptr(JsonNode) stored_json = stored ? json_from_string (stored, NULL) : NULL;
  g_autoptr(GwInspectionPlan) plan = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GwInspectionData *data;
  guint status;

  if (stored_json == NULL)
    {
      gw_town_server_send_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such plan");
      return;
    }
  if (!gw_town_server_read_plan_action (gw_json_node_get_object (body), &action, &base_version, &visit, &params))
    {
      gw_town_server_refuse (self, msg, caller, "plan_action", NULL, SOUP_STATUS_BAD_REQUEST, "bad_request",
                             "The body must be {\"action\": …, \"base_version\": N, \"params\": {\"visit\": ID, …}}");
      return;
    }
  if (base_version != version)
    {
      g_autofree char *message = g_strdup_printf ("Plan %" G_GINT64_FORMAT " is at version %" G_GINT64_FORMAT ", not %"
                                                  G_GINT64_FORMAT, id, version, base_version);

      answer = plan_answer (id, version, created_at, created_by, stored_json);
      audit (self, caller, action, id, base_version, version, SOUP_STATUS_CONFLICT, message);
      gw_town_server_send_node (msg, SOUP_STATUS_CONFLICT, answer);
      return;
    }
  if (!(data = gw_town_server_inspection_data (self, &error)) ||
      !(plan = gw_inspection_plan_new_from_json (data, self->calendar, stored_json, &error)))
    {
      gw_town_server_send_storage_error (msg, error);
      return;
    }

  if ((status = gw_town_server_apply_plan_action (self, plan, action, visit, params, &error)) == SOUP_STATUS_BAD_REQUEST)
    {
      gw_town_server_send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", error->message);
      return;
    }
  if (status != SOUP_STATUS_OK)
    {
      audit (self, caller, action, id, version, version, SOUP_STATUS_UNPROCESSABLE_ENTITY, error->message);
      gw_town_server_send_error (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "refused", error->message);
      return;
    }

  json = gw_inspection_plan_to_json (plan);
  text = json_to_string (json, FALSE);
  if (!gw_store_update_inspection_plan (self->store, id, version, text, &new_version, &error))
    {
      gw_town_server_send_error (msg, g_error_matches (error, GW_ERROR, GW_ERROR_CONFLICT) ? SOUP_STATUS_CONFLICT
                                                                                           : SOUP_STATUS_INSUFFICIENT_STORAGE,
                                 "storage_error", error->message);
      return;
    }
  audit (self, caller, action, id, version, new_version, SOUP_STATUS_OK, NULL);
  answer = plan_answer (id, new_version, created_at, created_by, json);
  gw_town_server_announce (self);
  gw_town_server_send_node (msg, SOUP_STATUS_OK, answer);
}

/* TRUE when @resource was the inspection API's. */
gboolean
gw_town_server_handle_inspection (GwTownServer      *self,
                                  SoupServerMessage *msg,
                                  const char        *resource)
{
  const char *method = soup_server_message_get_method (msg);
  g_auto(GwCaller) caller = { 0 };
  g_autoptr(GError) error = NULL;
  const char *rest;
  gboolean write = method == SOUP_METHOD_POST;

  if (!g_str_has_prefix (resource, "inspection/"))
    return FALSE;
  rest = resource + strlen ("inspection/");
  if (method != SOUP_METHOD_GET && method != SOUP_METHOD_POST)
    {
      gw_town_server_send_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed", "GET to read, POST to plan");
      return TRUE;
    }
  if (!gw_town_server_authorize (self, msg, NULL, &caller))
    return TRUE;
  if (write && !may_plan (caller.role))
    {
      gw_town_server_refuse (self, msg, &caller, "plan_inspections", NULL, SOUP_STATUS_FORBIDDEN, "forbidden",
                             "Only planners change inspection plans");
      return TRUE;
    }

  if (!write && (g_str_equal (rest, "targets") || g_str_equal (rest, "inspectors") || g_str_equal (rest, "catalogue")))
    {
      GwInspectionData *data = gw_town_server_inspection_data (self, &error);
      g_autoptr(JsonNode) answer = NULL;
      g_autoptr(GBytes) body = NULL;
      g_autofree char *digest = NULL;
      g_autofree char *etag = NULL;

      if (data == NULL)
        {
          gw_town_server_send_storage_error (msg, error);
          return TRUE;
        }
      answer = g_str_equal (rest, "targets") ? gw_inspection_data_targets_to_json (data) :
               g_str_equal (rest, "inspectors") ? gw_inspection_data_inspectors_to_json (data) :
               gw_inspection_data_catalogue_to_json (data);
      /* Reference lists: with an ETag, like the other collections. */
      body = gw_json_to_bytes (answer);
      digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, body);
      etag = g_strdup_printf ("\"%.32s\"", digest);
      gw_town_server_send_cached (msg, body, etag);
      return TRUE;
    }
  if (g_str_equal (rest, "plans/preview") && write)
    {
      preview_plan (self, msg, &caller);
      return TRUE;
    }
  if (g_str_equal (rest, "plans"))
    {
      if (write)
        create_plan (self, msg, &caller);
      else
        list_plans (self, msg);
      return TRUE;
    }
  if (g_str_has_prefix (rest, "plans/"))
    {
      g_auto(GStrv) parts = g_strsplit (rest + strlen ("plans/"), "/", 3);
      guint64 id = 0;

      if (parts[0] && g_ascii_string_to_unsigned (parts[0], 10, 1, G_MAXINT64, &id, NULL))
        {
          if (!write && parts[1] == NULL)
            {
              get_plan (self, msg, id);
              return TRUE;
            }
          if (write && g_strcmp0 (parts[1], "actions") == 0 && parts[2] == NULL)
            {
              act_on_plan (self, msg, &caller, id);
              return TRUE;
            }
        }
    }
  gw_town_server_send_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such inspection resource");
  return TRUE;
}
