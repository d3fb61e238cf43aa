/* test-spreadsheet.c: rows from CSV files in the encodings counties send
 * and from Excel workbooks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <xlsxwriter.h>

#include "gw-csv.h"
#include "gw-error.h"
#include "gw-test-util.h"
#include "gw-xlsx.h"

static GPtrArray *
parse (const char  *data,
       gssize       len,
       const char **encoding,
       GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, len < 0 ? strlen (data) : (gsize) len);

  return gw_csv_parse (bytes, encoding, error);
}

static void
assert_row (GPtrArray  *rows,
            guint       index,
            const char *joined)
{
  g_autofree char *text = NULL;

  g_assert_cmpuint (index, <, rows->len);
  text = g_strjoinv ("|", g_ptr_array_index (rows, index));
  g_assert_cmpstr (text, ==, joined);
}

static void
test_csv_utf8_bom (void)
{
  g_autoptr(GError) error = NULL;
  const char *encoding = NULL;
  g_autoptr(GPtrArray) rows = parse ("\xef\xbb\xbf" "编码,名称\r\n"
                                     "\"0101\",\"城管局, 执法\"\r\n"
                                     "0102,\"说 \"\"你好\"\"\n第二行\"\r\n"
                                     "\r\n"
                                     "0103,", -1, &encoding, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (encoding, ==, "UTF-8 (BOM)");
  g_assert_cmpuint (rows->len, ==, 5);
  assert_row (rows, 0, "编码|名称");
  assert_row (rows, 1, "0101|城管局, 执法");
  assert_row (rows, 2, "0102|说 \"你好\"\n第二行");
  assert_row (rows, 3, "");
  assert_row (rows, 4, "0103|");
}

static void
test_csv_gbk (void)
{
  g_autoptr(GError) error = NULL;
  const char *encoding = NULL;
  g_autofree char *gbk = NULL;
  gsize len;
  g_autoptr(GPtrArray) rows = NULL;

  gbk = g_convert ("工号,姓名\n1001,张伟\n", -1, "GBK", "UTF-8", NULL, &len, &error);
  g_assert_no_error (error);
  rows = parse (gbk, len, &encoding, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (encoding, ==, "GB18030");
  g_assert_cmpuint (rows->len, ==, 2);
  assert_row (rows, 0, "工号|姓名");
  assert_row (rows, 1, "1001|张伟");

  /* An empty file is no rows, not an error without a reason. */
  {
    g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
    g_autoptr(GPtrArray) none = gw_csv_parse (empty, &encoding, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (none->len, ==, 0);
  }
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = parse ("plain,ascii\n", -1, &encoding, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (encoding, ==, "UTF-8");
}

static void
test_csv_refused (void)
{
  const char *broken[] = {
    "a,\"never closed\n",
    "\xef\xbb\xbf" "a,\xff\xfe\n",
    "\x81\x30",    /* a GB18030 sequence cut short */
  };

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) rows = parse (broken[i], -1, NULL, &error);

      g_assert_null (rows);
      g_assert_error (error, GW_ERROR, GW_ERROR_INVALID_DATA);
    }

  {
    g_autoptr(GString) wide = g_string_new (NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) rows = NULL;

    for (guint i = 0; i <= GW_TABLE_MAX_COLUMNS; i++)
      g_string_append (wide, "x,");
    rows = parse (wide->str, -1, NULL, &error);
    g_assert_null (rows);
    g_assert_error (error, GW_ERROR, GW_ERROR_INVALID_DATA);
  }
}

static GBytes *
write_workbook (void)
{
  g_autofree char *path = gw_test_tmp_path ("book.xlsx");
  lxw_workbook *book = workbook_new (path);
  lxw_worksheet *first = workbook_add_worksheet (book, "说明");
  lxw_worksheet *second = workbook_add_worksheet (book, "部门");
  char *contents;
  gsize len;

  worksheet_write_string (first, 0, 0, "read me", NULL);
  worksheet_write_string (second, 0, 0, "编码", NULL);
  worksheet_write_string (second, 0, 2, "联系电话", NULL);
  worksheet_write_string (second, 2, 0, "370883-01", NULL);
  worksheet_write_number (second, 2, 1, 116.5, NULL);
  worksheet_write_number (second, 2, 2, 13800000000.0, NULL);
  worksheet_write_boolean (second, 3, 1, 1, NULL);
  g_assert_cmpint (workbook_close (book), ==, LXW_NO_ERROR);

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_bytes_new_take (contents, len);
}

static void
test_xlsx (void)
{
  g_autoptr(GBytes) bytes = write_workbook ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = gw_xlsx_read_sheet (bytes, NULL, &error);
  g_autoptr(GPtrArray) named = NULL;
  g_autoptr(GPtrArray) missing = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (first->len, ==, 1);
  assert_row (first, 0, "read me");

  named = gw_xlsx_read_sheet (bytes, "部门", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (named->len, ==, 4);
  assert_row (named, 0, "编码||联系电话");
  assert_row (named, 1, "");
  assert_row (named, 2, "370883-01|116.5|13800000000");
  assert_row (named, 3, "|TRUE");

  missing = gw_xlsx_read_sheet (bytes, "人员", &error);
  g_assert_null (missing);
  g_assert_error (error, GW_ERROR, GW_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "人员"));
}

/* Written by hand, as other tools write workbooks: texts inline and
 * shared (with a phonetic guide that is not part of the text), cells and
 * rows left out, a sheet's part named from the archive's root. */
static void
test_xlsx_by_hand (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus", "spreadsheet",
                                                 "workbook.xlsx", NULL);
  g_autoptr(GError) error = NULL;
  char *contents;
  gsize len;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  bytes = g_bytes_new_take (contents, len);
  rows = gw_xlsx_read_sheet (bytes, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 3);
  assert_row (rows, 0, "编码||名称");
  assert_row (rows, 1, "");
  assert_row (rows, 2, "|城管局|116.98|TRUE");

  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = gw_xlsx_read_sheet (bytes, "部门", &error);
  g_assert_null (rows);
  g_assert_error (error, GW_ERROR, GW_ERROR_INVALID_DATA);
}

static void
test_xlsx_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static ("PK\x03\x04 not really", 16);
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GPtrArray) rows = gw_xlsx_read_sheet (bytes, NULL, &error);

  g_assert_null (rows);
  g_assert_error (error, GW_ERROR, GW_ERROR_INVALID_DATA);
  g_clear_error (&error);
  rows = gw_xlsx_read_sheet (empty, NULL, &error);
  g_assert_null (rows);
  g_assert_error (error, GW_ERROR, GW_ERROR_INVALID_DATA);
}

int
main (int   argc,
      char *argv[])
{
  gw_test_init (&argc, &argv);

  g_test_add_func ("/spreadsheet/csv/utf8-bom", test_csv_utf8_bom);
  g_test_add_func ("/spreadsheet/csv/gbk", test_csv_gbk);
  g_test_add_func ("/spreadsheet/csv/refused", test_csv_refused);
  g_test_add_func ("/spreadsheet/xlsx", test_xlsx);
  g_test_add_func ("/spreadsheet/xlsx/by-hand", test_xlsx_by_hand);
  g_test_add_func ("/spreadsheet/xlsx/refused", test_xlsx_refused);

  return g_test_run ();
}
