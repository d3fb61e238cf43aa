/* main.c: gridwatch-townd, the reference town server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gridwatch-townd"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>

#include "gw-demo-dataset.h"
#include "gw-simulator.h"
#include "gw-geojson.h"
#include "gw-grid-coverage.h"
#include "gw-open311-consumer.h"
#include "gw-store-feed.h"
#include "gw-town-server.h"
#include "gw-townd-db-check.h"
#include "gw-townd-import.h"
#include "gw-townd-templates.h"
#include "gw-townd-users.h"
#include "gw-townd-backup.h"
#include "gw-townd-backup-schedule.h"
#include "gw-townd-config.h"
#include "gw-server-schema.h"

typedef struct
{
  char *db_path;
  char *listen;
  gboolean demo;
  char *import_grids;
  char *import;
  char *sheet;
  char *write_templates;
  gboolean dry_run;
  gboolean replace;
  gboolean strict;
  double tolerance;
  char *crs;
  char *code_property;
  char *name_property;
  char *level_property;
  char *parent_property;
  char *add_user;
  char *role;
  char *display_name;
  gboolean list_users;
  char *revoke_user;
  char *rotate_token;
  int token_days;
  gboolean allow_readable_db;
  int simulate;
  gboolean simulate_steady;
  int simulate_warm_up;
  int seed_cases;
  int seed_days;
  char **calendars;
  char *working_hours;
  double escalation_margin;
  double duplicate_radius;
  double duplicate_days;
  int return_visit_days;
  int idle_timeout;
  int header_timeout;
  int max_connections_per_address;
  int max_body_kib;
  int auth_failures_per_minute;
  char *tls_cert;
  char *tls_key;
  gboolean insecure_http;
  gboolean version;
  char *config;
  char *backup;
  double backup_every;
  char *backup_dir;
  int keep;
  char **open311_sources;
  char *jurisdiction;
  char *api_key;
  char *service_map;
  double every;
} Options;

static void
options_clear (Options *options)
{
  g_clear_pointer (&options->db_path, g_free);
  g_clear_pointer (&options->listen, g_free);
  g_clear_pointer (&options->import_grids, g_free);
  g_clear_pointer (&options->import, g_free);
  g_clear_pointer (&options->sheet, g_free);
  g_clear_pointer (&options->write_templates, g_free);
  g_clear_pointer (&options->crs, g_free);
  g_clear_pointer (&options->code_property, g_free);
  g_clear_pointer (&options->name_property, g_free);
  g_clear_pointer (&options->level_property, g_free);
  g_clear_pointer (&options->parent_property, g_free);
  g_clear_pointer (&options->add_user, g_free);
  g_clear_pointer (&options->role, g_free);
  g_clear_pointer (&options->display_name, g_free);
  g_clear_pointer (&options->calendars, g_strfreev);
  g_clear_pointer (&options->working_hours, g_free);
  g_clear_pointer (&options->revoke_user, g_free);
  g_clear_pointer (&options->rotate_token, g_free);
  g_clear_pointer (&options->config, g_free);
  g_clear_pointer (&options->backup, g_free);
  g_clear_pointer (&options->backup_dir, g_free);
  g_clear_pointer (&options->tls_cert, g_free);
  g_clear_pointer (&options->tls_key, g_free);
  g_clear_pointer (&options->open311_sources, g_strfreev);
  g_clear_pointer (&options->jurisdiction, g_free);
  g_clear_pointer (&options->api_key, g_free);
  g_clear_pointer (&options->service_map, g_free);
}

/* Every way out of main frees what the option parser filled in, not only
 * the one after serving: a refused command line leaked its strings. */
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

/* The county's grids as they would be after the import tile its land;
 * each problem is a warning, or with --strict a refusal. */
static gboolean
check_coverage (GwStore       *store,
                GPtrArray     *grids,
                const Options *options)
{
  g_autoptr(GPtrArray) after = g_ptr_array_new ();
  g_autoptr(GHashTable) in_file = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) stored = gw_store_list_grids (store, NULL);
  g_autoptr(GPtrArray) problems = NULL;

  for (guint i = 0; i < grids->len; i++)
    {
      g_hash_table_add (in_file, (gpointer) gw_grid_get_code (g_ptr_array_index (grids, i)));
      g_ptr_array_add (after, g_ptr_array_index (grids, i));
    }
  for (guint i = 0; stored && i < stored->len; i++)
    if (!g_hash_table_contains (in_file, gw_grid_get_code (g_ptr_array_index (stored, i))))
      g_ptr_array_add (after, g_ptr_array_index (stored, i));

  problems = gw_grid_coverage_check (after, MAX (options->tolerance, 0));
  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *text = gw_coverage_problem_describe (g_ptr_array_index (problems, i));

      g_printerr (options->strict ? "gridwatch-townd: %s\n" : _("gridwatch-townd: warning: %s\n"), text);
    }
  return !options->strict || problems->len == 0;
}

static int
import_grids (GwStore       *store,
              const Options *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) grids = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_auto(GStrv) warnings = NULL;
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (options->import_grids);
  GwGeojsonOptions geojson = GW_GEOJSON_OPTIONS_INIT;

  if (options->crs && !gw_crs_from_string (options->crs, &geojson.crs))
    {
      g_printerr (_("gridwatch-townd: --crs must be wgs84 or gcj02, not “%s”\n"), options->crs);
      return 2;
    }
  geojson.code_property = options->code_property;
  geojson.name_property = options->name_property;
  geojson.level_property = options->level_property;
  geojson.parent_property = options->parent_property;

  if (!(bytes = g_file_load_bytes (file, NULL, NULL, &error)) ||
      !(grids = gw_geojson_read_grids (bytes, &geojson, &warnings, &error)))
    {
      g_printerr (_("gridwatch-townd: cannot import %s:\n%s\n"), options->import_grids, error->message);
      return 1;
    }
  /* What is written goes to the feed, for the apps of a running server. */
  gw_store_record_changes (store, TRUE);
  if (!check_coverage (store, grids, options))
    {
      g_printerr (_("gridwatch-townd: %s is refused (--strict), nothing was written\n"), options->import_grids);
      return 1;
    }
  if (!gw_store_import_grids (store, grids, &error))
    {
      g_printerr (_("gridwatch-townd: cannot import %s:\n%s\n"), options->import_grids, error->message);
      return 1;
    }

  for (guint i = 0; warnings[i]; i++)
    g_printerr (_("gridwatch-townd: warning: %s\n"), warnings[i]);
  g_print ("imported %u grids\n", grids->len);
  return 0;
}

/* Other systems' Open311 endpoints, pulled while the server serves. */
static GPtrArray *
start_open311 (GwTownServer  *server,
               const Options *options)
{
  g_autoptr(GPtrArray) consumers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) map = NULL;
  g_autoptr(GError) error = NULL;

  if (options->service_map && !(map = gw_open311_read_service_map (options->service_map, &error)))
    {
      g_printerr (_("gridwatch-townd: --service-map: %s\n"), error->message);
      return NULL;
    }
  for (guint i = 0; options->open311_sources && options->open311_sources[i]; i++)
    {
      GwOpen311SourceOptions source = {
        options->open311_sources[i], options->jurisdiction, options->api_key, map, options->every,
      };
      GwOpen311Consumer *consumer = gw_open311_consumer_new (server, &source, &error);

      if (consumer == NULL)
        {
          g_printerr (_("gridwatch-townd: --open311-source: %s\n"), error->message);
          return NULL;
        }
      g_ptr_array_add (consumers, consumer);
    }
  for (guint i = 0; i < consumers->len; i++)
    gw_open311_consumer_start (g_ptr_array_index (consumers, i));
  return g_steal_pointer (&consumers);
}

/* --import KIND FILE; grids keep their GeoJSON reader. */
static int
run_import (GwStore       *store,
            Options       *options,
            char         **args)
{
  GwTowndImport import = {
    .kind = options->import,
    .sheet = options->sheet,
    .dry_run = options->dry_run,
    .replace = options->replace,
  };

  if (args == NULL || args[0] == NULL || args[1] == NULL || args[2] != NULL)
    {
      g_printerr (_("gridwatch-townd: --import %s takes one file\n"), options->import);
      return 2;
    }
  import.path = args[1];
  if (g_str_equal (options->import, "grids"))
    {
      options->import_grids = g_strdup (args[1]);
      return import_grids (store, options);
    }
  return gw_townd_import (store, &import);
}

static gboolean
on_quit_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static int
serve (GwStore       *store,
       const Options *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTownServer) server = NULL;
  g_autoptr(GwSimulator) simulator = NULL;
  g_autoptr(GwTowndBackupSchedule) backups = NULL;
  g_autoptr(GPtrArray) consumers = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *url = NULL;

  /* A day is more than any benchmark needs, and runs in minutes. */
  if (options->simulate_warm_up < 0 || options->simulate_warm_up > 24 * 60)
    {
      g_printerr (_("gridwatch-townd: --simulate-warm-up takes 0 to %d minutes, not %d\n"), 24 * 60,
                  options->simulate_warm_up);
      return 2;
    }
  if (options->simulate_warm_up > 0 && options->simulate <= 0)
    {
      g_printerr (_("gridwatch-townd: --simulate-warm-up runs the traffic of --simulate, which is not given\n"));
      return 2;
    }

  if (options->demo)
    {
      guint n_grids = 0;

      if (gw_store_count_grids (store) > 0)
        g_printerr (_("gridwatch-townd: %s already holds data; not loading the demo dataset again\n"),
                    options->db_path);
      else if (!gw_demo_dataset_load (store, &n_grids, &error))
        {
          g_printerr (_("gridwatch-townd: cannot load the demo dataset: %s\n"), error->message);
          return 1;
        }
      else
        g_printerr (_("gridwatch-townd: loaded the demo dataset (%u grids)\n"), n_grids);
    }

  server = gw_town_server_new (store);
  {
    GwTownServerLimits limits = {
      .max_json_bytes = (gsize) MAX (options->max_body_kib, 0) * 1024,
      .idle_timeout = MAX (options->idle_timeout, 0),
      .header_timeout = MAX (options->header_timeout, 0),
      .max_connections_per_address = MAX (options->max_connections_per_address, 0),
      .auth_failures_per_minute = MAX (options->auth_failures_per_minute, 0),
    };

    gw_town_server_set_limits (server, &limits);
  }

  /* The demo's enterprises and inspectors, over the county's land. */
  if (options->demo)
    {
      g_autoptr(GPtrArray) grids = gw_store_list_grids (store, NULL);

      if (grids && grids->len > 0 &&
          !gw_town_server_add_demo_inspection (server, grids, &error))
        {
          g_printerr (_("gridwatch-townd: cannot add the demo's inspection targets: %s\n"), error->message);
          return 1;
        }
      /* The live demo has a plan under way, with results. */
      if (options->simulate > 0 && !gw_town_server_add_demo_plan (server, &error))
        {
          g_printerr (_("gridwatch-townd: cannot make the demo's inspection plan: %s\n"), error->message);
          return 1;
        }
    }

  /* Years the built-in holidays do not have yet, and local hours. */
  for (guint i = 0; options->calendars && options->calendars[i]; i++)
    {
      g_autofree char *contents = NULL;
      gsize length;
      g_autoptr(GBytes) bytes = NULL;

      if (!g_file_get_contents (options->calendars[i], &contents, &length, &error))
        {
          g_printerr (_("gridwatch-townd: cannot read the calendar: %s\n"), error->message);
          return 1;
        }
      bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
      if (!gw_work_calendar_load (gw_town_server_get_calendar (server), bytes, &error))
        {
          g_printerr (_("gridwatch-townd: %s: %s\n"), options->calendars[i], error->message);
          return 1;
        }
    }
  if (options->working_hours &&
      !gw_work_calendar_set_hours (gw_town_server_get_calendar (server), options->working_hours, &error))
    {
      g_printerr (_("gridwatch-townd: --working-hours: %s\n"), error->message);
      return 1;
    }

  /* Hours overdue (wall clock) before the server proposes a whistle. */
  gw_town_server_set_escalation_margin (server, (gint64) (options->escalation_margin * 3600));
  gw_town_server_set_desk_options (server, &(GwDeskOptions) { options->duplicate_radius, options->duplicate_days,
                                                              MAX (options->return_visit_days, 0) });

  if (options->seed_cases > 0 || options->simulate > 0)
    simulator = gw_simulator_new (server, 370883);
  if (options->seed_cases > 0)
    {
      guint n = gw_simulator_seed_cases (simulator, options->seed_cases,
                                         options->seed_days > 0 ? options->seed_days : 7, &error);

      if (n == 0)
        {
          g_printerr (_("gridwatch-townd: cannot seed cases: %s\n"), error->message);
          return 1;
        }
      g_printerr (_("gridwatch-townd: seeded %u cases\n"), n);
    }
  if (options->simulate > 0)
    {
      gw_simulator_set_steady (simulator, options->simulate_steady);
      if (options->simulate_warm_up > 0 &&
          !gw_simulator_warm_up (simulator, options->simulate, options->simulate_warm_up, &error))
        {
          g_printerr (_("gridwatch-townd: cannot warm up the simulator: %s\n"), error->message);
          return 1;
        }
      gw_simulator_start (simulator, options->simulate);
    }

  /* What went overdue while the server was down (or in the seeded days)
   * is acted on before the first client reads the feed, so the first
   * page it reads is the county as it is. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    guint acted = gw_town_server_sweep_escalations (server, now);

    if (acted > 0)
      g_printerr (_("gridwatch-townd: acted on %u overdue escalations and cases\n"), acted);
  }

  if (!gw_town_server_set_transport (server, options->tls_cert, options->tls_key, options->insecure_http, &error))
    {
      g_printerr ("gridwatch-townd: %s\n", error->message);
      return 1;
    }
  if ((options->backup_every != 0 || options->backup_dir || options->keep != 0) &&
      !(backups = gw_townd_backup_schedule_new (options->db_path, options->backup_dir,
                                                options->backup_every, options->keep, &error)))
    {
      g_printerr ("gridwatch-townd: %s\n", error->message);
      return 1;
    }

  if (!gw_town_server_listen (server, options->listen, &error))
    {
      g_printerr (_("gridwatch-townd: cannot listen on %s: %s\n"), options->listen, error->message);
      return 1;
    }
  if (gw_town_server_get_transport_warning (server))
    g_printerr (_("gridwatch-townd: warning: %s\n"), gw_town_server_get_transport_warning (server));
  if (!(consumers = start_open311 (server, options)))
    return 1;

  /* Before the line below: whoever waits for it may stop the server at
   * once, and must get a clean shutdown, not the default action. */
  g_unix_signal_add (SIGINT, on_quit_signal, loop);
  g_unix_signal_add (SIGTERM, on_quit_signal, loop);

  /* Tests and build-aux/run wait for this exact line. */
  url = gw_town_server_get_url (server);
  g_print ("listening on %s\n", url);
  fflush (stdout);

  g_main_loop_run (loop);
  if (backups)
    gw_townd_backup_schedule_stop (backups);
  gw_town_server_shutdown (server);

  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwStore) store = NULL;
  g_auto(GStrv) args = NULL;
  g_auto(Options) options = { .escalation_margin = 24, .tolerance = 1 };
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &options.db_path, N_("The database file (created if missing)"), N_("PATH") },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &options.listen, N_("Address to serve on; port 0 picks a free one (default 127.0.0.1:8390)"), N_("HOST:PORT") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &options.demo, N_("Load the demo county into an empty database"), NULL },
    { "import-grids", 0, 0, G_OPTION_ARG_FILENAME, &options.import_grids, N_("Import grids from a GeoJSON file and exit"), N_("FILE") },
    { "import", 0, 0, G_OPTION_ARG_STRING, &options.import, N_("Import a county's list from the file after the options and exit: grids (GeoJSON); departments, categories, workers, whistle-items, catalogue, targets, inspectors or calendar (CSV or XLSX)"), N_("KIND") },
    { "sheet", 0, 0, G_OPTION_ARG_STRING, &options.sheet, N_("With --import: the workbook's sheet to read (default: the first)"), N_("NAME") },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &options.dry_run, N_("With --import: check the file and say what would change, without writing"), NULL },
    { "replace", 0, 0, G_OPTION_ARG_NONE, &options.replace, N_("With --import: remove what the file leaves out (refused while open cases refer to it)"), NULL },
    { "write-templates", 0, 0, G_OPTION_ARG_FILENAME, &options.write_templates, N_("Write an .xlsx and a .csv template for every list --import takes into DIR and exit"), N_("DIR") },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &options.strict, N_("With --import grids: refuse the file when grids overlap, lie outside their parent or leave gaps"), NULL },
    { "tolerance", 0, 0, G_OPTION_ARG_DOUBLE, &options.tolerance, N_("With --import grids: overlaps and gaps smaller than this are not reported (default 1 m²)"), N_("M2") },
    { "crs", 0, 0, G_OPTION_ARG_STRING, &options.crs, N_("Coordinates of the imported file: wgs84 (default) or gcj02"), N_("CRS") },
    { "code-property", 0, 0, G_OPTION_ARG_STRING, &options.code_property, N_("Feature property holding the grid code"), N_("NAME") },
    { "name-property", 0, 0, G_OPTION_ARG_STRING, &options.name_property, N_("Feature property holding the grid name"), N_("NAME") },
    { "level-property", 0, 0, G_OPTION_ARG_STRING, &options.level_property, N_("Feature property holding the level"), N_("NAME") },
    { "parent-property", 0, 0, G_OPTION_ARG_STRING, &options.parent_property, N_("Feature property holding the parent code"), N_("NAME") },
    { "add-user", 0, 0, G_OPTION_ARG_STRING, &options.add_user, N_("Add a user (or give an existing one a new token), print the token and exit"), N_("NAME") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &options.role, N_("The new user's role: dispatcher, leader, planner, worker, department, head, admin or intake"), N_("ROLE") },
    { "display-name", 0, 0, G_OPTION_ARG_STRING, &options.display_name, N_("With --add-user: the name people see for the user, such as 王丽"), N_("NAME") },
    { "token-days", 0, 0, G_OPTION_ARG_INT, &options.token_days, N_("With --add-user or --rotate-token: the token expires after this many days (default: never)"), N_("DAYS") },
    { "list-users", 0, 0, G_OPTION_ARG_NONE, &options.list_users, N_("List the users (name, role, created, expires, revoked; never a token) and exit"), NULL },
    { "revoke-user", 0, 0, G_OPTION_ARG_STRING, &options.revoke_user, N_("Revoke a user’s token at once, closing their live connections, and exit"), N_("NAME") },
    { "rotate-token", 0, 0, G_OPTION_ARG_STRING, &options.rotate_token, N_("Give a user a new token, print it and exit; the old one stops working at once"), N_("NAME") },
    { "allow-readable-db", 0, 0, G_OPTION_ARG_NONE, &options.allow_readable_db, N_("Serve from the database even if other users can read it"), NULL },
    { "simulate", 0, 0, G_OPTION_ARG_INT, &options.simulate, N_("Simulate live traffic: this many new cases a minute, twice as many in the morning and fewer in the evening and at night"), N_("N") },
    { "simulate-steady", 0, 0, G_OPTION_ARG_NONE, &options.simulate_steady, N_("With --simulate: a county that keeps up, the same number every minute at any hour and every case taken up in the end (for benchmarks)"), NULL },
    { "simulate-warm-up", 0, 0, G_OPTION_ARG_INT, &options.simulate_warm_up, N_("With --simulate: run the last this many minutes of traffic before serving, so the county starts as it would be after them (for benchmarks)"), N_("MINUTES") },
    { "seed-cases", 0, 0, G_OPTION_ARG_INT, &options.seed_cases, N_("Add this many simulated cases from the past days before serving"), N_("N") },
    { "seed-days", 0, 0, G_OPTION_ARG_INT, &options.seed_days, N_("Spread the seeded cases over this many past days (default 7)"), N_("DAYS") },
    { "calendar", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &options.calendars, N_("Add public holidays and make-up working days from a calendar file (JSON, as in calendars/cn.json); may be repeated"), N_("FILE") },
    { "working-hours", 0, 0, G_OPTION_ARG_STRING, &options.working_hours, N_("Working hours for deadlines (default 08:30-12:00,13:30-17:30)"), N_("PERIODS") },
    { "escalation-margin", 0, 0, G_OPTION_ARG_DOUBLE, &options.escalation_margin, N_("Propose a whistle for cases overdue by this many hours (default 24)"), N_("HOURS") },
    { "duplicate-radius", 0, 0, G_OPTION_ARG_DOUBLE, &options.duplicate_radius, N_("List open cases within this distance of a new one as its possible duplicates (default 100)"), N_("METRES") },
    { "duplicate-days", 0, 0, G_OPTION_ARG_DOUBLE, &options.duplicate_days, N_("… reported within this many days before it (default 3)"), N_("DAYS") },
    { "return-visit-days", 0, 0, G_OPTION_ARG_INT, &options.return_visit_days, N_("Working days after closing in which the resident is called back (default 2)"), N_("DAYS") },
    { "idle-timeout", 0, 0, G_OPTION_ARG_INT, &options.idle_timeout, N_("Close a connection idle for this many seconds (default 30)"), N_("SECONDS") },
    { "header-timeout", 0, 0, G_OPTION_ARG_INT, &options.header_timeout, N_("Close a connection that takes longer to send a request's headers (default 30)"), N_("SECONDS") },
    { "max-connections-per-address", 0, 0, G_OPTION_ARG_INT, &options.max_connections_per_address, N_("Open connections one address may hold (default 300)"), N_("N") },
    { "max-body-kib", 0, 0, G_OPTION_ARG_INT, &options.max_body_kib, N_("Largest JSON request body (default 1024 KiB)"), N_("KIB") },
    { "auth-failures-per-minute", 0, 0, G_OPTION_ARG_INT, &options.auth_failures_per_minute, N_("Failed authentications an address may make a minute before it is told to wait (default 20)"), N_("N") },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &options.tls_cert, N_("Serve HTTPS and WSS with this certificate (PEM, with its chain)"), N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &options.tls_key, N_("The certificate's private key (PEM)"), N_("FILE") },
    { "insecure-http", 0, 0, G_OPTION_ARG_NONE, &options.insecure_http, N_("Allow plain HTTP on a non-loopback address (tokens cross the network in clear)"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &options.version, N_("Print the version and exit"), NULL },
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &options.config, N_("Read options from the [townd] group of a key file; the command line overrides them"), N_("FILE") },
    { "backup", 0, 0, G_OPTION_ARG_FILENAME, &options.backup, N_("Write a checked copy of the database to FILE and exit (safe while a server runs)"), N_("FILE") },
    { "backup-every", 0, 0, G_OPTION_ARG_DOUBLE, &options.backup_every, N_("While serving, back the database up every this many hours"), N_("HOURS") },
    { "backup-dir", 0, 0, G_OPTION_ARG_FILENAME, &options.backup_dir, N_("Folder of the rolling backups (default: backups beside the database)"), N_("DIR") },
    { "keep", 0, 0, G_OPTION_ARG_INT, &options.keep, N_("Rolling backups to keep (default 7)"), N_("N") },
    { "open311-source", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.open311_sources, N_("Take in the service requests of another system’s Open311 GeoReport v2 endpoint; may be repeated"), N_("URL") },
    { "jurisdiction", 0, 0, G_OPTION_ARG_STRING, &options.jurisdiction, N_("The jurisdiction_id to ask the Open311 sources for"), N_("ID") },
    { "api-key", 0, 0, G_OPTION_ARG_STRING, &options.api_key, N_("The api_key to give the Open311 sources"), N_("KEY") },
    { "service-map", 0, 0, G_OPTION_ARG_FILENAME, &options.service_map, N_("A CSV file of service_code,category mapping the sources’ services to categories"), N_("FILE") },
    { "every", 0, 0, G_OPTION_ARG_DOUBLE, &options.every, N_("Pull the Open311 sources every this many minutes (default 10)"), N_("MINUTES") },
    { NULL }
  };
  gboolean serving;
  int status;

  setlocale (LC_ALL, "");
  /* GW_LOCALE_DIR: the catalogue of a build tree, for its tests. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("GW_LOCALE_DIR") ? g_getenv ("GW_LOCALE_DIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  /* stdout carries the machine-readable lines; everything else to stderr. */
  g_log_writer_default_set_use_stderr (TRUE);

  context = g_option_context_new (_("— Gridwatch town server"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!(args = gw_townd_config_expand_args (argv, entries, &error)) ||
      !g_option_context_parse_strv (context, &args, &error))
    {
      g_printerr ("gridwatch-townd: %s\n", error->message);
      return 2;
    }

  if (options.version)
    {
      g_print ("gridwatch-townd %s\n", PACKAGE_VERSION);
      return 0;
    }

  /* Needs no database: a county prepares its files before it has one. */
  if (options.write_templates)
    return gw_townd_write_templates (options.write_templates);

  if (options.db_path == NULL)
    {
      g_printerr (_("gridwatch-townd: --db PATH is required\n"));
      return 2;
    }
  if (options.listen == NULL)
    options.listen = g_strdup ("127.0.0.1:8390");

  if (options.token_days != 0 && !options.add_user && !options.rotate_token)
    {
      g_printerr (_("gridwatch-townd: --token-days goes with --add-user or --rotate-token\n"));
      return 2;
    }
  serving = !options.add_user && !options.rotate_token && !options.revoke_user && !options.list_users &&
            !options.import_grids && !options.import && !options.backup;
  /* A backup opens the database on its own, beside a running server. */
  if (options.backup)
    status = gw_townd_backup_main (options.db_path, options.backup);
  else if (!gw_townd_check_db_private (options.db_path, serving && !options.allow_readable_db))
    status = 1;
  else if (!(store = gw_server_store_open (options.db_path, &error)))
    {
      g_printerr ("gridwatch-townd: %s\n", error->message);
      status = 1;
    }
  else if (options.add_user)
    status = gw_townd_add_user (store, options.add_user, options.role, options.display_name, options.token_days);
  else if (options.rotate_token)
    status = gw_townd_rotate_token (store, options.rotate_token, options.token_days);
  else if (options.revoke_user)
    status = gw_townd_revoke_user (store, options.revoke_user);
  else if (options.list_users)
    status = gw_townd_list_users (store);
  else if (options.import_grids)
    status = import_grids (store, &options);
  else if (options.import)
    status = run_import (store, &options, args);
  else
    status = serve (store, &options);

  return status;
}
