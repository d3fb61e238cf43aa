/* gw-simulator.c: realistic case traffic for the demo and the benchmarks
 *
 * Reports arrive at random points inside unit grids, with a mix of
 * categories and sources like a county's, more in the morning than at
 * night, some urgent. A simulated dispatch seat takes part of the new
 * cases (the rest wait for the people at the screens), and simulated grid
 * workers start and finish what is assigned to them after plausible
 * delays; some never do, and go overdue. Everything goes through the same
 * server functions as a real request: rules, audit and change feed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-simulator"

#include "config.h"

#include <libsoup/soup.h>
#include <math.h>

#include "gw-json.h"
#include "gw-photo.h"
#include "gw-phone-walk.h"
#include "gw-simulator-private.h"
#include "gw-store-track.h"
#include "gw-store-feed.h"
#include "gw-whistle-list.h"
#include "gw-work-calendar.h"

#define TICK_SECONDS 2
#define PROGRESS_EVERY_TICKS 5
#define PROGRESS_BATCH 400


G_DEFINE_FINAL_TYPE (GwSimulator, gw_simulator, G_TYPE_OBJECT)

static const struct { GwCaseSource source; double weight; } sources[] = {
  { GW_CASE_SOURCE_PATROL, 0.45 },
  { GW_CASE_SOURCE_HOTLINE_12345, 0.25 },
  { GW_CASE_SOURCE_SENSOR, 0.10 },
  { GW_CASE_SOURCE_PETITION, 0.05 },
  { GW_CASE_SOURCE_MAILBOX, 0.05 },
  { GW_CASE_SOURCE_OPEN311, 0.05 },
  { GW_CASE_SOURCE_OTHER, 0.05 },
};

static const char * const places[] = {
  "菜市场东门", "小学门口", "公交站旁", "十字路口", "居民楼下", "公园北侧", "商铺前", "河道边",
  "停车场入口", "社区服务中心", "老旧小区", "工地围挡外", "加油站附近", "医院南门", "广场", "桥下",
};

static void
gw_simulator_dispose (GObject *object)
{
  GwSimulator *self = (GwSimulator *) object;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_pointer (&self->virtual_now, g_date_time_unref);
  g_clear_pointer (&self->warm_changes, g_hash_table_unref);
  g_clear_object (&self->server);
  g_clear_object (&self->store);
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->grids, g_ptr_array_unref);
  g_clear_pointer (&self->by_code, g_hash_table_unref);
  g_clear_pointer (&self->categories, g_ptr_array_unref);
  g_clear_pointer (&self->category_weight, g_free);
  g_clear_pointer (&self->walks, gw_phone_walks_free);
  g_clear_pointer (&self->worker_grids, g_hash_table_unref);
  g_clear_pointer (&self->photos_before, g_ptr_array_unref);
  g_clear_pointer (&self->photos_after, g_ptr_array_unref);

  G_OBJECT_CLASS (gw_simulator_parent_class)->dispose (object);
}

static void
gw_simulator_class_init (GwSimulatorClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gw_simulator_dispose;
}

static void
gw_simulator_init (GwSimulator *self)
{
  self->warm_changes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* The simulated time of a change made in a warm-up, and the version of
 * the case it made: once the case has moved on (the server's sweep, a
 * person at the desk), its record says when. */
typedef struct
{
  gint64 at;
  gint64 version;
} WarmChange;

/* A change made now, on the simulator's clock. */
static void
changed (GwSimulator *self,
         const char  *case_id)
{
  g_autoptr(GwCase) kase = NULL;
  WarmChange *change;

  if (self->virtual_now == NULL)
    {
      g_hash_table_remove (self->warm_changes, case_id);
      return;
    }
  if (!(kase = gw_store_get_case (self->store, case_id)))
    return;
  change = g_new (WarmChange, 1);
  change->at = g_date_time_to_unix (self->virtual_now);
  change->version = gw_case_get_version (kase);
  g_hash_table_replace (self->warm_changes, g_strdup (case_id), change);
}

/* The warm-up's change that is still the case's last, if any. */
static const WarmChange *
warm_change (GwSimulator      *self,
             const GwCaseData *d)
{
  const WarmChange *change = g_hash_table_lookup (self->warm_changes, d->id);

  if (change && change->version != d->version)
    {
      g_hash_table_remove (self->warm_changes, d->id);
      return NULL;
    }
  return change;
}

GDateTime *
gw_simulator_last_change (GwSimulator      *self,
                          const GwCaseData *d)
{
  const WarmChange *change = warm_change (self, d);

  if (change)
    return g_date_time_new_from_unix_local (change->at);
  return d->updated_at ? g_date_time_new_from_iso8601 (d->updated_at, NULL) : NULL;
}

/* Seconds since the simulator began, as far as this case is concerned:
 * a case last changed longer ago than that (or any case, before it
 * began) is the seeded past, which the steady county leaves as it is;
 * one the warm-up changed last is live traffic. */
static gint64
live_seconds_for (GwSimulator      *self,
                  const GwCaseData *d,
                  GDateTime        *now)
{
  if (warm_change (self, d))
    return G_MAXINT64;
  if (self->live_since_unix == 0)
    return -1;
  return g_date_time_to_unix (now) - self->live_since_unix;
}

static double
category_weight (GwCategory *category)
{
  const GwCategoryInfo *info = gw_category_get_info (category);

  /* Street order and exposed garbage fill a command center's day;
   * gas leaks and collapsed roads are rare. */
  if (info->kind == GW_CATEGORY_KIND_EVENT && g_str_equal (info->major_code, "04"))
    return 6;
  if (info->kind == GW_CATEGORY_KIND_EVENT && g_str_equal (info->major_code, "01"))
    return 5;
  if (info->kind == GW_CATEGORY_KIND_EVENT && g_str_equal (info->major_code, "05"))
    return 0.6;
  if (info->kind == GW_CATEGORY_KIND_COMPONENT)
    return 1.5;
  return 2;
}

/* The demo's site photos go into the server's store like uploads. */
static void
store_photo (GwSimulator *self,
             const char  *kind,
             guint        number,
             GPtrArray   *urls)
{
  g_autofree char *path = g_strdup_printf ("/org/gridwatch/townd/%s-%u.png", kind, number);
  g_autoptr(GBytes) data = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (data == NULL || !(id = gw_store_put_media (self->store, data, "image/png", &error)))
    {
      g_warning ("Cannot add the demo photo %s: %s", path, error ? error->message : "not built in");
      return;
    }
  g_ptr_array_add (urls, g_strconcat (GW_MEDIA_PATH, id, NULL));
}

static const char *
photo_for (GPtrArray  *urls,
           const char *key)
{
  return urls->len > 0 ? g_ptr_array_index (urls, g_str_hash (key) % urls->len) : NULL;
}

static void waypoint_in_grid (const char *worker,
                              double     *lat,
                              double     *lon,
                              gpointer    data);

GwSimulator *
gw_simulator_new (GwTownServer *server,
                  guint32       seed)
{
  GwSimulator *self;
  g_autoptr(GPtrArray) all = NULL;
  double total = 0;

  g_return_val_if_fail (GW_IS_TOWN_SERVER (server), NULL);

  self = g_object_new (GW_TYPE_SIMULATOR, NULL);
  self->server = g_object_ref (server);
  self->store = g_object_ref (gw_town_server_get_store (server));
  self->rand = g_rand_new_with_seed (seed);

  self->grids = g_ptr_array_new_with_free_func (g_object_unref);
  all = gw_store_list_grids (self->store, NULL);
  self->by_code = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  for (guint i = 0; all && i < all->len; i++)
    g_hash_table_insert (self->by_code, (gpointer) gw_grid_get_code (g_ptr_array_index (all, i)),
                         g_object_ref (g_ptr_array_index (all, i)));
  for (guint i = 0; all && i < all->len; i++)
    if (gw_grid_get_level (g_ptr_array_index (all, i)) == GW_GRID_LEVEL_GRID)
      g_ptr_array_add (self->grids, g_object_ref (g_ptr_array_index (all, i)));
  for (guint i = 0; self->grids->len == 0 && all && i < all->len; i++)
    g_ptr_array_add (self->grids, g_object_ref (g_ptr_array_index (all, i)));

  /* Grids hold the references: they live as long as self->grids. */
  self->worker_grids = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < self->grids->len; i++)
    {
      GwGrid *grid = g_ptr_array_index (self->grids, i);
      const char * const *staff = gw_grid_get_workers (grid);

      for (guint j = 0; staff && staff[j]; j++)
        if (!g_hash_table_contains (self->worker_grids, staff[j]))
          g_hash_table_insert (self->worker_grids, (gpointer) staff[j], grid);
    }
  self->walks = gw_phone_walks_new (self->rand, waypoint_in_grid, self);

  self->photos_before = g_ptr_array_new_with_free_func (g_free);
  self->photos_after = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 1; i <= 3; i++)
    {
      store_photo (self, "before", i, self->photos_before);
      store_photo (self, "after", i, self->photos_after);
    }

  self->categories = gw_store_list_categories (self->store, NULL);
  if (self->categories == NULL)
    self->categories = g_ptr_array_new_with_free_func (g_object_unref);
  self->category_weight = g_new (double, self->categories->len + 1);
  for (guint i = 0; i < self->categories->len; i++)
    self->category_weight[i] = (total += category_weight (g_ptr_array_index (self->categories, i)));

  return self;
}

static GwCategory *
pick_category (GwSimulator *self)
{
  double r;

  if (self->categories->len == 0)
    return NULL;

  r = g_rand_double (self->rand) * self->category_weight[self->categories->len - 1];
  for (guint i = 0; i < self->categories->len; i++)
    if (r < self->category_weight[i])
      return g_ptr_array_index (self->categories, i);
  return g_ptr_array_index (self->categories, self->categories->len - 1);
}

static GwCaseSource
pick_source (GwSimulator *self)
{
  double r = g_rand_double (self->rand);

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    if ((r -= sources[i].weight) < 0)
      return sources[i].source;
  return GW_CASE_SOURCE_OTHER;
}

static void
point_in_grid (GwSimulator *self,
               GwGrid      *grid,
               double      *lat,
               double      *lon)
{
  GwGeometry *g = gw_grid_get_geometry (grid);
  const GwBounds *b = gw_geometry_get_bounds (g);

  for (guint tries = 0; tries < 50; tries++)
    {
      *lon = g_rand_double_range (self->rand, b->min_lon, b->max_lon);
      *lat = g_rand_double_range (self->rand, b->min_lat, b->max_lat);
      if (gw_geometry_contains (g, *lon, *lat))
        return;
    }
  gw_geometry_get_label_point (g, lon, lat);
}

/* A spot in the worker's grid to walk to next. */
static void
waypoint_in_grid (const char *worker,
                  double     *lat,
                  double     *lon,
                  gpointer    data)
{
  GwSimulator *self = data;
  GwGrid *grid = g_hash_table_lookup (self->worker_grids, worker);

  /* Someone who works no unit grid (a department's officer) walks one. */
  if (grid == NULL && self->grids->len > 0)
    grid = g_ptr_array_index (self->grids, g_str_hash (worker) % self->grids->len);
  if (grid == NULL)
    {
      *lat = *lon = 0;
      return;
    }
  point_in_grid (self, grid, lat, lon);
}

static char *
report (GwSimulator  *self,
        GDateTime    *reported_at,
        GError      **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) response = NULL;
  g_autofree char *description = NULL;
  g_autofree char *when = NULL;
  const char *id;
  GwCategory *category = pick_category (self);
  GwCaseSource source = pick_source (self);
  const GwCategoryInfo *info = category ? gw_category_get_info (category) : NULL;
  gboolean emergency;
  GwGrid *grid;
  double lat, lon;
  guint status;

  if (self->grids->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "There are no grids to report cases in");
      return NULL;
    }

  if (reported_at == NULL)
    reported_at = self->virtual_now;
  grid = g_ptr_array_index (self->grids, g_rand_int_range (self->rand, 0, self->grids->len));
  point_in_grid (self, grid, &lat, &lon);
  emergency = info && info->kind == GW_CATEGORY_KIND_EVENT && g_str_equal (info->major_code, "05");
  description = g_strdup_printf ("%s%s%s", gw_grid_get_name (grid),
                                 places[g_rand_int_range (self->rand, 0, G_N_ELEMENTS (places))],
                                 info ? info->name : "");

  json_builder_begin_object (b);
  gw_json_builder_add_string (b, "source", gw_case_source_to_string (source));
  json_builder_set_member_name (b, "lat");
  json_builder_add_double_value (b, round (lat * 1e6) / 1e6);
  json_builder_set_member_name (b, "lon");
  json_builder_add_double_value (b, round (lon * 1e6) / 1e6);
  gw_json_builder_add_string (b, "category", info ? info->code : NULL);
  gw_json_builder_add_string (b, "priority",
                              g_rand_double (self->rand) < (emergency ? 0.7 : 0.06) ? "urgent" : "normal");
  gw_json_builder_add_string (b, "description", description);
  gw_json_builder_add_string (b, "reporter", source == GW_CASE_SOURCE_PATROL ? gw_grid_get_leader (grid)
                                             : source == GW_CASE_SOURCE_SENSOR ? "雪亮工程" : "市民");
  /* Grid workers on patrol photograph what they report. */
  if (source == GW_CASE_SOURCE_PATROL && self->photos_before->len > 0)
    {
      const char *media[] = { g_ptr_array_index (self->photos_before, g_rand_int_range (self->rand, 0, self->photos_before->len)), NULL };

      gw_json_builder_add_strv (b, "media", media);
    }
  if (reported_at)
    {
      when = gw_format_rfc3339 (reported_at);
      gw_json_builder_add_string (b, "reported_at", when);
    }
  json_builder_end_object (b);
  body = json_builder_get_root (b);

  /* A seeded case happened in the past: its history says when. */
  status = gw_town_server_create_case_at (self->server, "simulator", GW_ROLE_ADMIN,
                                          json_node_get_object (body), NULL, reported_at, &response);
  if (status != SOUP_STATUS_CREATED)
    {
      JsonObject *err = gw_json_node_get_object (json_object_get_member (json_node_get_object (response), "error"));
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", gw_json_object_get_string (err, "message"));
      return NULL;
    }
  id = gw_json_object_get_string (json_node_get_object (response), "id");
  if (id)
    changed (self, id);
  return g_strdup (id);
}

gboolean
gw_simulator_report_case (GwSimulator  *self,
                          GError      **error)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (GW_IS_SIMULATOR (self), FALSE);

  id = report (self, NULL, error);
  return id != NULL;
}

static void age_case (GwSimulator *self,
                      GwCase      *kase,
                      GDateTime   *now);

typedef struct
{
  GwSimulator *self;
  guint n;
  guint days;
  guint done;
} Seed;

static gboolean
seed_tx (GwStore   *store,
         gpointer   user_data,
         GError   **error)
{
  Seed *seed = user_data;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  /* Spread over the past days, so deadlines fall on both sides of now. */
  for (; seed->done < seed->n; seed->done++)
    {
      double age = g_rand_double_range (seed->self->rand, 0, seed->days * 86400.0);
      g_autoptr(GDateTime) when = g_date_time_add_seconds (now, -age);
      g_autofree char *id = NULL;

      if (!(id = report (seed->self, when, error)))
        return FALSE;

      /* A week-old case has been worked on: take it as far as its age
       * suggests, through the same rules, audit and feed. */
      {
        g_autoptr(GwCase) kase = gw_store_get_case (store, id);
        if (kase)
          age_case (seed->self, kase, now);
      }
    }
  return TRUE;
}

guint
gw_simulator_seed_cases (GwSimulator  *self,
                         guint         n_cases,
                         guint         days,
                         GError      **error)
{
  Seed seed = { self, n_cases, MAX (days, 1), 0 };

  g_return_val_if_fail (GW_IS_SIMULATOR (self), 0);

  /* One transaction: seeding a county's worth of cases in seconds. */
  if (!gw_store_transaction (self->store, seed_tx, &seed, error))
    return 0;
  return seed.done;
}

guint
gw_simulator_delay_for (const char *id,
                        guint       min_seconds,
                        guint       max_seconds)
{
  return min_seconds + g_str_hash (id) % (max_seconds - min_seconds + 1);
}

static gint64
age_seconds (GwSimulator      *self,
             const GwCaseData *d,
             GDateTime        *now)
{
  g_autoptr(GDateTime) updated = gw_simulator_last_change (self, d);

  return updated ? g_date_time_difference (now, updated) / G_USEC_PER_SEC : 0;
}

void
gw_simulator_act_at (GwSimulator *self,
                     const char  *case_id,
                     const char  *user,
                     GwRole       role,
                     const char  *action,
                     JsonObject  *params,
                     GDateTime   *at)
{
  g_autoptr(GwCase) current = gw_store_get_case (self->store, case_id);
  g_autoptr(JsonNode) response = NULL;

  if (current)
    {
      if (gw_town_server_apply_action_at (self->server, user, role, case_id, NULL, action, params,
                                          gw_case_get_version (current), at ? at : self->virtual_now,
                                          &response) < 300)
        changed (self, case_id);
    }
}

GDateTime *
gw_simulator_now (GwSimulator *self)
{
  return self->virtual_now ? g_date_time_ref (self->virtual_now) : g_date_time_new_now_local ();
}

static void
act (GwSimulator *self,
     const char  *case_id,
     const char  *user,
     GwRole       role,
     const char  *action,
     JsonObject  *params)
{
  gw_simulator_act_at (self, case_id, user, role, action, params, NULL);
}

void
gw_simulator_act_with_at (GwSimulator *self,
                          const char  *case_id,
                          const char  *user,
                          GwRole       role,
                          const char  *action,
                          const char  *member,
                          const char  *value,
                          GDateTime   *at)
{
  g_autoptr(JsonObject) params = json_object_new ();

  if (member)
    json_object_set_string_member (params, member, value);
  gw_simulator_act_at (self, case_id, user, role, action, params, at);
}

static char *
worker_for (GwSimulator  *self,
            const char   *grid_code)
{
  g_autoptr(GwGrid) grid = grid_code ? gw_store_lookup_grid (self->store, grid_code) : NULL;
  const char * const *staff = grid ? gw_grid_get_workers (grid) : NULL;

  return g_strdup (staff && staff[0] ? staff[0] : "w0001");
}

/* One case in ten whose category names a responsible department goes to
 * that department rather than to the grid's worker; of those, one in four
 * comes back as not the department's business. */
static char *
department_for (GwSimulator *self,
                const char  *case_id,
                const char  *category_code)
{
  g_autoptr(GwCategory) category = NULL;

  if (g_str_hash (case_id) % 10 != 4 || category_code == NULL ||
      !(category = gw_store_lookup_category (self->store, category_code)) ||
      gw_category_get_info (category)->department == NULL)
    return NULL;
  return g_strdup (gw_category_get_info (category)->department);
}

static void
take_in (GwSimulator      *self,
         const GwCaseData *d,
         GDateTime        *at)
{
  g_autofree char *worker = worker_for (self, d->grid);
  /* The county's seat gives a town's own cases to its grid workers, not
   * to the county department. */
  g_autofree char *department = d->handled_by ? NULL : department_for (self, d->id, d->category);
  g_autofree char *assignee = department ? g_strdup_printf ("department:%s", department)
                                         : g_strdup_printf ("worker:%s", worker);

  gw_simulator_act_at (self, d->id, "simulator-dispatch", GW_ROLE_DISPATCHER, "accept", NULL, at);
  gw_simulator_act_at (self, d->id, "simulator-dispatch", GW_ROLE_DISPATCHER, "file", NULL, at);
  gw_simulator_act_with_at (self, d->id, "simulator-dispatch", GW_ROLE_DISPATCHER, "assign", "assignee", assignee, at);
}

/* Who acts for the case's assignee, and in which role: the id the
 * assignee names, as the rules read it (gw_case_rules_may_act_on). */
static const char *
field_actor (const GwCaseData *d,
             GwRole           *role)
{
  const char *id = NULL;

  switch (gw_assignee_parse (d->assignee, &id))
    {
    case GW_ASSIGNEE_WORKER:
      *role = GW_ROLE_WORKER;
      return id;
    case GW_ASSIGNEE_DEPARTMENT:
      *role = GW_ROLE_DEPARTMENT;
      return id;
    case GW_ASSIGNEE_TOWN:
    case GW_ASSIGNEE_INVALID:
    default:
      return NULL;
    }
}

static void
handle (GwSimulator *self,
        const char  *case_id,
        const char  *actor,
        GwRole       role,
        GDateTime   *at)
{
  g_autoptr(JsonObject) params = json_object_new ();
  const char *photo = photo_for (self->photos_after, case_id);

  json_object_set_string_member (params, "result", "已现场处置，留存处置前后照片。");
  if (photo)
    {
      JsonArray *photos = json_array_new ();

      json_array_add_string_element (photos, photo);
      json_object_set_array_member (params, "photos", photos);
    }
  gw_simulator_act_at (self, case_id, actor, role, "handle", params, at);
}

/* A department that was given a case not its own sends it back. */
static gboolean
department_returns (const char *case_id)
{
  return (g_str_hash (case_id) >> 4) % 4 == 0;
}

static void
give_back (GwSimulator *self,
           const char  *case_id,
           const char  *department,
           GDateTime   *at)
{
  gw_simulator_act_with_at (self, case_id, department, GW_ROLE_DEPARTMENT, "return", "reason",
               "经核实不属于本部门职责范围，请重新派遣。", at);
}

static void
reassign_to_grid (GwSimulator *self,
                  const char  *case_id,
                  const char  *grid_code,
                  GDateTime   *at)
{
  g_autofree char *worker = worker_for (self, grid_code);
  g_autofree char *assignee = g_strdup_printf ("worker:%s", worker);

  gw_simulator_act_with_at (self, case_id, "simulator-dispatch", GW_ROLE_DISPATCHER, "assign", "assignee", assignee, at);
}

/* A moment @hours after @from, or NULL when that is still to come. */
static GDateTime *
step_time (GDateTime *from,
           double     hours,
           GDateTime *now)
{
  g_autoptr(GDateTime) when = g_date_time_add_seconds (from, hours * 3600);

  return g_date_time_compare (when, now) <= 0 ? g_steal_pointer (&when) : NULL;
}

/* When the whistle of a seeded case was settled, if it was. */
static GDateTime *
escalation_settled (GwSimulator *self,
                    const char  *case_id)
{
  g_autoptr(GwCase) kase = gw_store_get_case (self->store, case_id);
  GwEscalation *e = kase ? gw_case_data_get_escalation (gw_case_get_data (kase)) : NULL;

  if (e == NULL || e->state == GW_ESCALATION_DENIED)
    return kase ? g_date_time_new_from_iso8601 (gw_case_get_data (kase)->updated_at, NULL) : NULL;
  return e->state == GW_ESCALATION_RESOLVED && e->resolved_at ? g_date_time_new_from_iso8601 (e->resolved_at, NULL) : NULL;
}

/* Handled @hours after @from, checked and closed a few hours later; a
 * failed check sends it back for a second round. Each step only if its
 * time has come. */
static void
finish_seeded (GwSimulator *self,
               const char  *id,
               const char  *actor,
               GwRole       role,
               GDateTime   *from,
               double       hours,
               gboolean     fails_check,
               GDateTime   *now)
{
  guint hash = g_str_hash (id);
  g_autoptr(GDateTime) handled = step_time (from, hours, now);
  g_autoptr(GDateTime) checked = NULL;

  if (handled == NULL)
    return;
  handle (self, id, actor, role, handled);
  if (!(checked = step_time (handled, hours * (0.04 + (hash >> 8) % 4 * 0.02), now)))
    return;
  if (fails_check)
    {
      gw_simulator_act_with_at (self, id, "simulator-dispatch", GW_ROLE_DISPATCHER, "rework", "reason",
                   "现场核查发现未处置到位。", checked);
      gw_simulator_act_at (self, id, actor, role, "start", NULL, checked);
      finish_seeded (self, id, actor, role, checked, 0.15 * hours, FALSE, now);
      return;
    }
  gw_simulator_act_at (self, id, "simulator-dispatch", GW_ROLE_DISPATCHER, "verify", NULL, checked);
  gw_simulator_act_at (self, id, "simulator-dispatch", GW_ROLE_DISPATCHER, "close", NULL, checked);
}

/* Seeded cases are taken through the lifecycle as far as their age
 * allows, each step stamped at its moment in the past, so closing times
 * and on-time rates look like a working county's: most cases are handled
 * within their time limit, some after it. Of the last three days' cases
 * a few wait at each step: the backlog the county starts with. */
static void
age_case (GwSimulator *self,
          GwCase      *kase,
          GDateTime   *now)
{
  const GwCaseData *d = gw_case_get_data (kase);
  const char *id = d->id;
  guint hash = g_str_hash (id);
  guint fate = hash % 10;
  g_autoptr(GDateTime) reported = g_date_time_new_from_unix_local (gw_case_get_reported_unix (kase));
  gboolean recent = g_date_time_difference (now, reported) < 3 * G_TIME_SPAN_DAY;
  /* Towns differ: between one case in twenty and one in four late. */
  guint town_late_pct = d->grid && strlen (d->grid) >= 9 ? 5 + (d->grid[8] - '0') * 7 % 21 : 12;
  /* The string hash's high bits barely change between consecutive ids:
   * mixed first (murmur's finaliser), for a fair share of late ones. */
  guint mixed = (hash ^ (hash >> 16)) * 0x85ebca6bu;
  gboolean late = ((mixed ^ (mixed >> 13)) % 100) < town_late_pct || (!recent && fate == 0);
  g_autofree char *department = department_for (self, id, d->category);
  g_autofree char *actor = department ? g_strdup (department) : worker_for (self, d->grid);
  GwRole role = department ? GW_ROLE_DEPARTMENT : GW_ROLE_WORKER;
  g_autoptr(GDateTime) taken = NULL;
  g_autoptr(GDateTime) started = NULL;
  double limit_hours = 24;

  /* The time the case was given, from its deadline. */
  {
    g_autoptr(GDateTime) deadline = d->deadline ? g_date_time_new_from_iso8601 (d->deadline, NULL) : NULL;

    if (deadline)
      limit_hours = MAX (1.0, g_date_time_difference (deadline, reported) / (double) G_TIME_SPAN_HOUR);
  }

  if ((recent && fate == 0) || !(taken = step_time (reported, 0.2 + (hash % 5) * 0.15, now)))
    return;
  take_in (self, d, taken);
  if (department && department_returns (id))
    {
      g_autoptr(GDateTime) returned = step_time (taken, 2, now);

      if (returned == NULL)
        return;
      give_back (self, id, actor, returned);
      reassign_to_grid (self, id, d->grid, returned);
      g_free (actor);
      actor = worker_for (self, d->grid);
      role = GW_ROLE_WORKER;
    }

  if ((recent && fate == 1) || !(started = step_time (taken, 0.1 * limit_hours, now)))
    return;
  gw_simulator_act_at (self, id, actor, role, "start", NULL, started);

  /* Whistled six hours in (or soon after the start); the called party's
   * answer as far as its time has come, and the case goes on once the
   * whistle is settled. */
  if (gw_simulator_whistled (id))
    {
      g_autoptr(GDateTime) at = step_time (reported, 6, now);
      g_autoptr(GDateTime) settled = NULL;

      if (at && g_date_time_compare (at, started) < 0)
        {
          g_date_time_unref (at);
          at = step_time (started, 1, now);
        }
      if (at == NULL)
        return;
      gw_simulator_whistle_at (self, d, at);
      gw_simulator_follow_escalation (self, id, now);
      if ((settled = escalation_settled (self, id)))
        finish_seeded (self, id, actor, role, settled, 2, fate == 3, now);
      return;
    }

  if (recent && fate == 2)
    return;
  /* Handled at a point of the time limit, or after it for the late ones. */
  finish_seeded (self, id, actor, role, reported,
                 limit_hours * (late ? 1.1 + (hash >> 4) % 5 * 0.2 : 0.3 + (hash >> 4) % 6 * 0.09),
                 fate == 3, now);
}

/* A worker who starts on a case sets off for it. */
static void
worker_went_to (GwSimulator *self,
                const char  *worker,
                double       lat,
                double       lon)
{
  gw_phone_walks_head_to (self->walks, worker, lat, lon);
}

/* The desk calls the resident back within a working day: most are satisfied,
 * some basically, one in ten not, and that case goes back for rework. */
static void
call_back (GwSimulator      *self,
           const GwCaseData *d,
           GDateTime        *now)
{
  static const char * const results[] = { "satisfied", "basically_satisfied", "unsatisfied" };
  guint fate = (g_str_hash (d->id) >> 3) % 10;
  g_autoptr(JsonObject) params = json_object_new ();
  g_autoptr(GDateTime) closed = d->closed_at ? g_date_time_new_from_iso8601 (d->closed_at, NULL) : NULL;
  g_autoptr(GDateTime) by = closed ? gw_work_calendar_add (gw_town_server_get_calendar (self->server), closed, 1,
                                                           GW_TIME_UNIT_WORKING_DAYS) : NULL;
  gint64 since = closed ? g_date_time_difference (now, closed) / G_USEC_PER_SEC : -1;

  /* A while after closing and within a working day, well inside the
   * working days allowed; the seeded past was called back or not in its
   * time. */
  if (since < gw_simulator_delay_for (d->id, 120, 900) || g_date_time_compare (now, by) > 0)
    return;

  json_object_set_string_member (params, "result", results[fate < 7 ? 0 : fate < 9 ? 1 : 2]);
  if (fate == 9)
    json_object_set_string_member (params, "note", "群众反映问题仍未解决。");
  act (self, d->id, "simulator-dispatch", GW_ROLE_DISPATCHER, "return_visit", params);
}

/* What the simulated people move on, in the lifecycle's order. */
static const char *const progress_statuses[] = {
  "reported", "returned", "dispatched", "in_progress", "handled", "verified", "closed",
};
G_STATIC_ASSERT (G_N_ELEMENTS (progress_statuses) == G_SIZEOF_MEMBER (GwSimulator, progress_offsets) / sizeof (gint64));

/* The cases of @status a page at a time, newest first, the next page at
 * the next call: with more than a page of them (a busy county's open
 * cases), those past the first page were never looked at again, and
 * piled up. */
static void
progress (GwSimulator *self,
          const char  *status,
          gint64      *offset)
{
  GwCaseQuery query = { .status = status, .limit = PROGRESS_BATCH, .offset = *offset };
  g_autoptr(GPtrArray) cases = gw_store_list_cases (self->store, &query, NULL);
  g_autoptr(GDateTime) now = gw_simulator_now (self);

  for (guint i = 0; cases && i < cases->len; i++)
    {
      GwCase *kase = g_ptr_array_index (cases, i);
      const GwCaseData *d = gw_case_get_data (kase);
      GwRole role = GW_ROLE_WORKER;
      const char *actor = field_actor (d, &role);
      guint fate = g_str_hash (d->id) % 10;
      gint64 age = age_seconds (self, d, now);
      GwEscalation *escalation = gw_case_data_get_escalation (d);
      gboolean late;

      /* An escalated case waits for the called party; a resolved
       * escalation still gets its rating. */
      if (escalation && (gw_escalation_is_open (escalation) ||
                         (escalation->state == GW_ESCALATION_RESOLVED && escalation->rating == 0)))
        {
          gw_simulator_follow_escalation (self, d->id, NULL);
          continue;
        }
      if (escalation == NULL && gw_simulator_whistled (d->id) && d->status == GW_CASE_STATUS_IN_PROGRESS &&
          age > gw_simulator_delay_for (d->id, 30, 200))
        {
          gw_simulator_whistle_at (self, d, NULL);
          continue;
        }

      late = gw_simulator_taken_up_late (self->steady, d->id, age, live_seconds_for (self, d, now));
      if (d->status == GW_CASE_STATUS_REPORTED && ((fate < 6 && age > gw_simulator_delay_for (d->id, 30, 150)) || late))
        take_in (self, d, NULL);
      else if (d->status == GW_CASE_STATUS_RETURNED && age > gw_simulator_delay_for (d->id, 30, 120))
        reassign_to_grid (self, d->id, d->grid, NULL);
      else if (d->status == GW_CASE_STATUS_DISPATCHED && role == GW_ROLE_DEPARTMENT && actor &&
               department_returns (d->id) && age > gw_simulator_delay_for (d->id, 20, 90))
        give_back (self, d->id, actor, NULL);
      else if (d->status == GW_CASE_STATUS_DISPATCHED && actor &&
               ((fate != 0 && age > gw_simulator_delay_for (d->id, 20, 90)) || late))
        {
          act (self, d->id, actor, role, "start", NULL);
          if (role == GW_ROLE_WORKER)
            worker_went_to (self, actor, d->lat, d->lon);
        }
      else if (d->status == GW_CASE_STATUS_IN_PROGRESS && actor &&
               ((fate < 8 && age > gw_simulator_delay_for (d->id, 60, 400)) || late))
        handle (self, d->id, actor, role, NULL);
      else if (d->status == GW_CASE_STATUS_HANDLED && age > gw_simulator_delay_for (d->id, 120, 600))
        {
          /* A failed check sends the case back once, as a seeded case's
           * does: again and again, it never closed, and its photos of
           * each round filled the case until handling it was refused. */
          if (fate == 3 && d->reworks == 0)
            gw_simulator_act_with_at (self, d->id, "simulator-dispatch", GW_ROLE_DISPATCHER, "rework", "reason",
                         "现场核查发现未处置到位。", NULL);
          else
            act (self, d->id, "simulator-dispatch", GW_ROLE_DISPATCHER, "verify", NULL);
        }
      else if (d->status == GW_CASE_STATUS_VERIFIED)
        act (self, d->id, "simulator-dispatch", GW_ROLE_DISPATCHER, "close", NULL);
      else if (d->status == GW_CASE_STATUS_CLOSED && d->visit_result == GW_VISIT_NONE && d->duplicate_of == NULL)
        call_back (self, d, now);
    }
  /* A short page was the last: start again from the newest. */
  *offset = cases && cases->len == PROGRESS_BATCH ? *offset + PROGRESS_BATCH : 0;
}

/* Grid workers' phones: most are on duty in working time, one in ten has
 * the day off, one in eight is on call at night; those on duty move about
 * their grid. */
static gboolean
on_duty (GwSimulator *self,
         const char  *worker,
         GDateTime   *now)
{
  GwWorkCalendar *calendar = gw_town_server_get_calendar (self->server);
  g_autoptr(GDateTime) soon = g_date_time_add_minutes (now, 1);
  g_autofree char *day = g_date_time_format (now, "%F");
  g_autofree char *key = g_strconcat (worker, day, NULL);

  if (gw_work_calendar_minutes_between (calendar, now, soon) > 0)
    return g_str_hash (key) % 10 != 0;
  return g_str_hash (worker) % 8 == 0;
}

static void
report_worker_statuses (GwSimulator *self,
                        guint        how_many)
{
  g_autoptr(GPtrArray) statuses = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *updated_at = gw_format_rfc3339 (now);
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer worker;

  g_hash_table_iter_init (&iter, self->worker_grids);
  while (g_hash_table_iter_next (&iter, &worker, NULL))
    {
      double lat, lon;

      if (how_many != G_MAXUINT && g_rand_int_range (self->rand, 0, g_hash_table_size (self->worker_grids)) >= (gint32) how_many)
        continue;
      gw_phone_walks_step (self->walks, worker, g_date_time_to_unix (now), &lat, &lon);
      g_ptr_array_add (statuses, gw_worker_status_new (worker, on_duty (self, worker, now), TRUE,
                                                       round (lat * 1e6) / 1e6, round (lon * 1e6) / 1e6, updated_at));
    }
  if (!gw_store_put_worker_statuses (self->store, statuses, &error) ||
      !gw_store_add_track_points (self->store, statuses, &error))
    g_warning ("Simulated worker statuses failed: %s", error->message);
}

/* Two seconds of the county at @now: the new cases, and every few
 * steps the people at work on the open ones. */
static void
step (GwSimulator *self,
      GDateTime   *now)
{
  g_autoptr(GError) error = NULL;

  self->backlog += gw_simulator_pace (self->per_minute, self->steady, g_date_time_get_hour (now)) * TICK_SECONDS / 60.0;
  while (self->backlog >= 1.0)
    {
      g_autofree char *id = NULL;

      self->backlog -= 1.0;
      if (!(id = report (self, NULL, &error)))
        {
          g_warning ("Simulated report failed: %s", error->message);
          g_clear_error (&error);
        }
    }

  if (++self->ticks % PROGRESS_EVERY_TICKS == 0)
    {
      /* Phones report where they are now, never from a simulated past. */
      if (self->virtual_now == NULL)
        report_worker_statuses (self, 40);
      for (guint i = 0; i < G_N_ELEMENTS (progress_statuses); i++)
        progress (self, progress_statuses[i], &self->progress_offsets[i]);
    }
}

static gboolean
tick (gpointer user_data)
{
  GwSimulator *self = user_data;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  step (self, now);
  return G_SOURCE_CONTINUE;
}

/* New cases a minute at @hour for @per_minute: mornings are busy, nights
 * quiet; @steady, the same at every hour, for benchmarks that must load
 * the server alike whenever they run. */
double
gw_simulator_pace (guint    per_minute,
                   gboolean steady,
                   int      hour)
{
  double factor = hour >= 8 && hour < 11 ? 2.0 : hour >= 11 && hour < 18 ? 1.0 : hour >= 18 && hour < 22 ? 0.6 : 0.25;

  return per_minute * (steady ? 1.0 : factor);
}

/* Whether a case its fate leaves alone (for the people at the screens,
 * or with a worker who never gets to it) is taken up after all, @age_seconds
 * after its last change. Steady, it is, a quarter to three quarters of an
 * hour on: a county at a steady state keeps up with what comes in, and a
 * wall left running for weeks sees cases come and go at the pace they
 * come, not a backlog that only grows because nobody sits at the desk.
 * Cases last touched before the simulator began (more than @live_seconds
 * ago: the seeded past) stay as they are. */
gboolean
gw_simulator_taken_up_late (gboolean    steady,
                            const char *case_id,
                            gint64      age_seconds,
                            gint64      live_seconds)
{
  return steady && age_seconds <= live_seconds && age_seconds > gw_simulator_delay_for (case_id, 900, 2700);
}

void
gw_simulator_set_steady (GwSimulator *self,
                         gboolean     steady)
{
  g_return_if_fail (GW_IS_SIMULATOR (self));
  self->steady = steady;
}

void
gw_simulator_start (GwSimulator *self,
                    guint        cases_per_minute)
{
  g_return_if_fail (GW_IS_SIMULATOR (self));

  self->per_minute = cases_per_minute;
  self->live_since_unix = g_get_real_time () / G_USEC_PER_SEC;
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (cases_per_minute > 0)
    report_worker_statuses (self, G_MAXUINT);
  if (cases_per_minute > 0)
    self->tick_id = g_timeout_add_seconds (TICK_SECONDS, tick, self);
}

/* A transaction a simulated half hour: hours of traffic in seconds, as
 * the seeding, without a write-ahead log that grows for minutes. */
#define WARM_UP_CHUNK_MINUTES 30

typedef struct
{
  GwSimulator *self;
  GDateTime *until;
} WarmUp;

static gboolean
warm_up_tx (GwStore   *store,
            gpointer   user_data,
            GError   **error)
{
  WarmUp *warm_up = user_data;
  GwSimulator *self = warm_up->self;

  while (g_date_time_compare (self->virtual_now, warm_up->until) < 0)
    {
      GDateTime *next;

      step (self, self->virtual_now);
      next = g_date_time_add_seconds (self->virtual_now, TICK_SECONDS);
      g_date_time_unref (self->virtual_now);
      self->virtual_now = next;
    }
  return TRUE;
}

/* The last @minutes of live traffic, run before the server serves on a
 * clock of its own: cases reported and actions taken at their simulated
 * times (the server still stamps each record with the time it is
 * written, so the simulator keeps the simulated one, see changed()).
 * A benchmark starts from the county's steady state (a busy county's
 * open cases, each at its stage) rather than from a backlog that fills
 * for hours while it measures. */
gboolean
gw_simulator_warm_up (GwSimulator  *self,
                      guint         cases_per_minute,
                      guint         minutes,
                      GError      **error)
{
  g_autoptr(GDateTime) end = g_date_time_new_now_local ();
  gboolean done = TRUE;

  g_return_val_if_fail (GW_IS_SIMULATOR (self), FALSE);
  g_return_val_if_fail (self->tick_id == 0, FALSE);

  self->per_minute = cases_per_minute;
  self->virtual_now = g_date_time_add_minutes (end, -(int) minutes);
  while (done && g_date_time_compare (self->virtual_now, end) < 0)
    {
      g_autoptr(GDateTime) chunk_end = g_date_time_add_minutes (self->virtual_now, WARM_UP_CHUNK_MINUTES);
      WarmUp warm_up = { self, g_date_time_compare (chunk_end, end) < 0 ? chunk_end : end };

      done = gw_store_transaction (self->store, warm_up_tx, &warm_up, error);
    }
  g_clear_pointer (&self->virtual_now, g_date_time_unref);
  return done;
}
