// IsValidEmail, IsOneLineText and IsMultiLineText: the text checks the server applies to every
// email and name it reads (issue 16).
#include "core/text_checks.h"

#include <gtest/gtest.h>

#include <string>

namespace portal {
namespace {

TEST(TextChecks, AcceptsEveryDayAddresses) {
    for (const char* email :
         {"first.last+tag@sub.example.co.uk", "anne.martin@northwind.example", "a@x.io",
          "o'brien@example.com", "x_y-z!#$%&*/=?^`{|}~@mail-1.example.org", "A@EXAMPLE.COM"}) {
        EXPECT_TRUE(IsValidEmail(email)) << email;
    }
}

TEST(TextChecks, RefusesAddressesOutsideThePracticalSubset) {
    for (const char* email : {"\"a\\\"b\"@x.com",
                              "a\"b@x.com",
                              "a,b@x.com",
                              "<a@x.com>",
                              "a(c)@x.com",
                              "a\\b@x.com",
                              "a@[127.0.0.1]",
                              "a@x",
                              "a@x.c",
                              "a@x.c0m",
                              "a@-x.com",
                              "a@x-.com",
                              "a@x..com",
                              ".a@x.com",
                              "a.@x.com",
                              "a..b@x.com",
                              "@x.com",
                              "a@",
                              "a",
                              "",
                              "a b@x.com",
                              "a@x.com\r\nBcc: y@z.com",
                              "a@b@x.com",
                              "a;b@x.com",
                              "a@x_y.com",
                              "é@x.com",
                              "a@exämple.com",
                              "a@x.com."}) {
        EXPECT_FALSE(IsValidEmail(email)) << email;
    }
    EXPECT_TRUE(IsValidEmail(std::string(64, 'a') + "@x.com"));
    EXPECT_FALSE(IsValidEmail(std::string(65, 'a') + "@x.com"));
    EXPECT_TRUE(IsValidEmail("a@" + std::string(63, 'b') + ".com"));
    EXPECT_FALSE(IsValidEmail("a@" + std::string(64, 'b') + ".com"));
    std::string domain;  // 4 labels of 60 and "com": 247 bytes
    for (int i = 0; i < 4; ++i) domain += std::string(60, 'd') + ".";
    domain += "com";
    EXPECT_TRUE(IsValidEmail(std::string(6, 'a') + "@" + domain));   // 254 bytes
    EXPECT_FALSE(IsValidEmail(std::string(7, 'a') + "@" + domain));  // 255
}

TEST(TextChecks, OneLineTextRefusesControlsAndBrokenUtf8) {
    for (const char* text : {"Salle Opéra", "=HYPERLINK(\"x\")", "日本語", "", "a\u00A0b"}) {
        EXPECT_TRUE(IsOneLineText(text)) << text;
    }
    for (std::string text :
         {std::string("Eve\r\nBcc: x@y.com"), std::string("a\nb"), std::string("a\tb"),
          std::string("a\0b", 3), std::string("a\x7F"), std::string("a\xC2\x85"),
          std::string("a\u2028b"), std::string("a\u2029b"), std::string("\xC3"),
          std::string("\xC0\xAF"), std::string("\xED\xA0\x80")}) {
        EXPECT_FALSE(IsOneLineText(text)) << text;
    }
}

TEST(TextChecks, MultiLineTextKeepsLineBreaksAndTabsOnly) {
    EXPECT_TRUE(IsMultiLineText("Line one\r\nLine two\n\tindented"));
    EXPECT_FALSE(IsMultiLineText(std::string("nul\0", 4)));
    EXPECT_FALSE(IsMultiLineText("bell\a"));
    EXPECT_FALSE(IsMultiLineText("escape\x1B[31m"));
    EXPECT_FALSE(IsMultiLineText("\xFF"));
}

}  // namespace
}  // namespace portal
