// CSV as spreadsheets and device-management tools write it (RFC 4180, semicolons, BOM).
#include "core/csv.h"

#include <gtest/gtest.h>

namespace portal {
namespace {

std::vector<CsvRow> Parse(const std::string& text) {
    std::vector<CsvRow> rows;
    std::string error;
    EXPECT_TRUE(ParseCsv(text, rows, error)) << error;
    return rows;
}

TEST(Csv, ReadsQuotedFieldsWithSeparatorsQuotesAndLineBreaks) {
    auto rows = Parse("name,site\r\n\"Salle \"\"A\"\", B\",\"Paris\nLa Défense\"\r\nC,\r\n");
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[1], (CsvRow{"Salle \"A\", B", "Paris\nLa Défense"}));
    EXPECT_EQ(rows[2], (CsvRow{"C", ""}));
}

TEST(Csv, TakesSemicolonsAByteOrderMarkAndNoFinalLineBreak) {
    auto rows = Parse("\xEF\xBB\xBFnom;pays;capacité\nÉtoile;FR;12\n\n  \n;;\nOpéra;FR;6");
    ASSERT_EQ(rows.size(), 3u);  // blank lines, spaces and bare separators are no rows
    EXPECT_EQ(rows[0], (CsvRow{"nom", "pays", "capacité"}));
    EXPECT_EQ(rows[2], (CsvRow{"Opéra", "FR", "6"}));
}

TEST(Csv, AQuoteThatNeverClosesIsAnErrorNamingItsLine) {
    std::vector<CsvRow> rows;
    std::string error;
    EXPECT_FALSE(ParseCsv("a,b\nc,\"d\ne,f\n", rows, error));
    EXPECT_NE(error.find("line 2"), std::string::npos) << error;
}

TEST(Csv, TextThatIsNotUtf8IsRefusedWithItsLine) {
    std::vector<CsvRow> rows;
    std::string error;
    // Latin-1 "é" as a spreadsheet saving "CSV" (not "CSV UTF-8") writes it.
    EXPECT_FALSE(ParseCsv("name\nSalle \xC9toile\n", rows, error));
    EXPECT_NE(error.find("line 2"), std::string::npos) << error;
    EXPECT_FALSE(ParseCsv("a\n\xC0\xAF\n", rows, error));      // overlong "/"
    EXPECT_FALSE(ParseCsv("a\n\xED\xA0\x80\n", rows, error));  // a surrogate
    EXPECT_TRUE(ParseCsv("a\n\xF0\x9F\x93\xBA €\n", rows, error)) << error;
}

TEST(Csv, WritesWhatItReads) {
    CsvRow fields{"plain", "with, comma", "with \"quotes\"", "two\nlines", ""};
    std::string line = CsvLine(fields);
    EXPECT_EQ(line, "plain,\"with, comma\",\"with \"\"quotes\"\"\",\"two\nlines\",\r\n");
    EXPECT_EQ(Parse(line), std::vector<CsvRow>{fields});
}

// Issue 16, CSV injection (OWASP): a cell a spreadsheet would run as a formula is written as
// text, and reads back as it was.
TEST(Csv, NeutralisesCellsThatASpreadsheetWouldRunAsFormulas) {
    for (const char* formula : {"=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)",
                                "\tcmd", "\rcmd", "=1", "-", "+"}) {
        EXPECT_EQ(CsvCell(formula), "'" + std::string(formula)) << formula;
        EXPECT_EQ(CsvCellValue(CsvCell(formula)), formula) << formula;
    }
    for (const char* plain : {"Salle Opéra", "", "-12", "-0.5", "42", "a=b", "it's", "'quoted"}) {
        EXPECT_EQ(CsvCell(plain), plain) << plain;
        EXPECT_EQ(CsvCellValue(CsvCell(plain)), plain) << plain;
    }
    // Only one "'" and only before a formula character is dropped on the way in.
    EXPECT_EQ(CsvCellValue("''=1"), "''=1");
    EXPECT_EQ(CsvCellValue("'abc"), "'abc");

    std::string line =
        CsvLine({"=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "-7"});
    EXPECT_EQ(line, "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'+1+1,'-2+3,'@SUM(A1),-7\r\n");
    std::vector<CsvRow> rows = Parse(line);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(CsvCellValue(rows[0][0]), "=HYPERLINK(\"http://x\",\"y\")");
    EXPECT_EQ(CsvCellValue(rows[0][3]), "@SUM(A1)");
}

}  // namespace
}  // namespace portal
