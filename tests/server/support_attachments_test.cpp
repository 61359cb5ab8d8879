// Ticket attachments (issue 14): the raw-body upload (the CSRF layer accepts any type for this
// route only, still wanting X-Requested-With: portal), its limits (10 MB a file, 413 too_large;
// 20 a ticket, 409), the content type judged by the bytes and never by the name or the claimed
// type (415 otherwise), the file name made safe, and the download's headers. The payload limit
// of every other route stays as it was.
#include <gtest/gtest.h>

#include "server/auth.h"
#include "server/support/support_api.h"
#include "support_fixture.h"

namespace portal::server {
namespace {

using Json = api::Json;
using testing::ApiAnswer;
using testing::Contains;
using testing::PdfBytes;
using testing::PngBytes;
using testing::Str;
using testing::SupportTest;
using testing::Who;

// ---------------------------------------------------------------------------------------------
// [SECTION] The pure checks

TEST(SupportFilesTest, TheTypeComesFromTheBytes) {
    using namespace std::string_literals;
    EXPECT_EQ(SniffAttachmentType(PngBytes()), "image/png");
    EXPECT_EQ(SniffAttachmentType("\xFF\xD8\xFF\xE0rest"s), "image/jpeg");
    EXPECT_EQ(SniffAttachmentType("GIF89a..."s), "image/gif");
    EXPECT_EQ(SniffAttachmentType("GIF87a..."s), "image/gif");
    EXPECT_EQ(SniffAttachmentType("RIFF\x10\0\0\0WEBPVP8 "s), "image/webp");
    EXPECT_EQ(SniffAttachmentType(PdfBytes()), "application/pdf");
    EXPECT_EQ(SniffAttachmentType("PK\x03\x04\x14\0"s), "application/zip");
    EXPECT_EQ(SniffAttachmentType("PK\x05\x06"s + std::string(18, '\0')), "application/zip");
    EXPECT_EQ(SniffAttachmentType("2026-01-01 boot ok\r\nCamera: é ✓\n"s),
              "text/plain; charset=utf-8");
    EXPECT_EQ(SniffAttachmentType(""s), std::nullopt);
    EXPECT_EQ(SniffAttachmentType("MZ\x90\0\x03"s), std::nullopt);  // a Windows program
    EXPECT_EQ(SniffAttachmentType("\x7F"
                                  "ELF\x02\x01"s),
              std::nullopt);  // a Linux one
    EXPECT_EQ(SniffAttachmentType("text with a \0 NUL"s), std::nullopt);
    EXPECT_EQ(SniffAttachmentType("bell \x07 and DEL \x7F"s), std::nullopt);
    EXPECT_EQ(SniffAttachmentType("\x1B[31mred\x1B[0m\tok\f\v\n"s), "text/plain; charset=utf-8");
    EXPECT_EQ(SniffAttachmentType("latin-1 caf\xE9"s), std::nullopt);  // not UTF-8
    EXPECT_EQ(SniffAttachmentType("\xED\xA0\x80 surrogate"s), std::nullopt);
    EXPECT_EQ(SniffAttachmentType("\xC0\xAF overlong"s), std::nullopt);
    EXPECT_EQ(SniffAttachmentType("RIFF\x10\0\0\0WAVEfmt "s), std::nullopt);  // not WebP
}

TEST(SupportFilesTest, NamesAreMadeSafe) {
    EXPECT_EQ(SanitiseFileName("screenshot.png"), "screenshot.png");
    EXPECT_EQ(SanitiseFileName("../../etc/passwd"), "passwd");
    EXPECT_EQ(SanitiseFileName("C:\\Users\\anne\\Desktop\\log.txt"), "log.txt");
    EXPECT_EQ(SanitiseFileName("a\r\nX-Injected: 1\tb.txt"), "aX-Injected: 1b.txt");
    EXPECT_EQ(SanitiseFileName("  salle étoile.jpg  "), "salle étoile.jpg");
    EXPECT_EQ(SanitiseFileName("invoice\u202Efdp.exe"), "invoicefdp.exe");
    EXPECT_EQ(SanitiseFileName(".hidden"), "hidden");
    EXPECT_EQ(SanitiseFileName(".."), "");
    EXPECT_EQ(SanitiseFileName("dir/"), "");
    EXPECT_EQ(SanitiseFileName("bad\xFFname.txt"), "badname.txt");
    std::string long_name;
    for (int i = 0; i < 300; ++i) long_name += "é";
    std::string cut = SanitiseFileName(long_name + ".txt");
    EXPECT_EQ(cut.size(), 400u);  // 200 characters of two bytes each
    EXPECT_TRUE(IsAttachmentUpload("/api/v1/tickets/12/attachments"));
    EXPECT_FALSE(IsAttachmentUpload("/api/v1/tickets/12/comments"));
    EXPECT_FALSE(IsAttachmentUpload("/api/v1/tickets/x/attachments"));
    EXPECT_FALSE(IsAttachmentUpload("/api/v1/tickets//attachments"));
}

// The CSRF decision for a raw body: any type on this route, and still the portal's header.
TEST(SupportFilesTest, TheCsrfLayerTakesARawBodyOnlyWhereAllowed) {
    RequestFacts facts;
    facts.method = "POST";
    facts.content_type = "application/octet-stream";
    facts.has_body = true;
    facts.requested_with = "portal";
    facts.host = "127.0.0.1:8080";
    EXPECT_EQ(CheckRequestOrigin(facts, "https://portal.example")->status, 415);
    facts.raw_allowed = true;
    EXPECT_FALSE(CheckRequestOrigin(facts, "https://portal.example"));
    facts.content_type = "multipart/form-data; boundary=x";
    EXPECT_FALSE(CheckRequestOrigin(facts, "https://portal.example"));
    facts.requested_with.clear();
    EXPECT_EQ(CheckRequestOrigin(facts, "https://portal.example")->status, 403);
    facts.requested_with = "portal";
    facts.origin = "https://evil.example";
    EXPECT_EQ(CheckRequestOrigin(facts, "https://portal.example")->status, 403);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Through the server

class SupportAttachmentTest : public SupportTest {
  protected:
    void SetUp() override {
        SupportTest::SetUp();
        if (HasFatalFailure()) return;
        Json ticket = OpenTicket({{"roomId", etoile_}});
        ASSERT_FALSE(ticket.is_null());
        ticket_ = ticket["id"].get<Id>();
    }
    Id ticket_ = 0;
};

TEST_F(SupportAttachmentTest, AnUploadIsStoredAndDownloadedWithSafeHeaders) {
    std::string png = PngBytes(4096);
    // The claimed type does not matter: the bytes say PNG.
    ApiAnswer uploaded = Upload(ticket_, "Salle Étoile écran.png", png, "text/plain");
    ASSERT_EQ(uploaded.status, 201) << uploaded.body;
    const Json& attachment = uploaded.json["attachment"];
    EXPECT_EQ(attachment["name"], "Salle Étoile écran.png");
    EXPECT_EQ(attachment["size"], 4096);
    EXPECT_EQ(attachment["contentType"], "image/png");
    EXPECT_EQ(attachment["uploadedBy"]["name"], "Anne Martin");
    Id id = attachment["id"].get<Id>();

    for (Who who : {Who::Anne, Who::Louis, Who::Sam, Who::Olivia}) {
        ApiAnswer download = As(who).Get("/api/v1/attachments/" + Str(id));
        ASSERT_EQ(download.status, 200) << testing::NameOf(who);
        EXPECT_EQ(download.body, png);
        EXPECT_EQ(download.Header("Content-Type"), "image/png");
        EXPECT_EQ(download.Header("X-Content-Type-Options"), "nosniff");
        EXPECT_EQ(download.Header("Content-Disposition").rfind("attachment; ", 0), 0u);
    }
    // As sent (cpp-httplib's client decodes percent signs in the headers it reads): an ASCII
    // fallback and the name in UTF-8 (RFC 6266).
    std::string raw = testing::RawRequest(
        server_->Port(), "GET /api/v1/attachments/" + Str(id) +
                             " HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + As(Who::Louis).cookie() +
                             "\r\nConnection: close\r\n\r\n");
    EXPECT_TRUE(
        Contains(raw,
                 "\r\nContent-Disposition: attachment; filename=\"Salle _toile _cran.png\"; "
                 "filename*=UTF-8''Salle%20%C3%89toile%20%C3%A9cran.png\r\n"))
        << raw.substr(0, 600);
    EXPECT_EQ(As(Who::Dana).Get("/api/v1/attachments/" + Str(id)).status, 404);
    EXPECT_EQ(As(Who::Ivy).Get("/api/v1/attachments/" + Str(id)).status, 404);

    // The ticket lists it, and its history says who added what.
    Json ticket = Ticket(ticket_, Who::Louis);
    ASSERT_EQ(ticket["attachments"].size(), 1u);
    EXPECT_EQ(ticket["attachments"][0], attachment);
    EXPECT_EQ(ticket["events"].back()["kind"], "attachment");
    EXPECT_EQ(ticket["events"].back()["to"], "Salle Étoile écran.png");

    // The vendor's support attaches too; a text file is text whatever its name.
    ApiAnswer log = Upload(ticket_, "camera.png", "boot ok\nlink down\n", "image/png", Who::Olivia);
    ASSERT_EQ(log.status, 201) << log.body;
    EXPECT_EQ(log.json["attachment"]["contentType"], "text/plain; charset=utf-8");
    ApiAnswer text =
        As(Who::Anne).Get("/api/v1/attachments/" + log.json["attachment"]["id"].dump());
    EXPECT_EQ(text.body, "boot ok\nlink down\n");
    EXPECT_EQ(text.Header("Content-Type"), "text/plain; charset=utf-8");
}

TEST_F(SupportAttachmentTest, OnlyImagesPdfZipAndTextAreTaken) {
    using namespace std::string_literals;
    EXPECT_EQ(Upload(ticket_, "doc.pdf", PdfBytes()).status, 201);
    EXPECT_EQ(Upload(ticket_, "logs.zip", "PK\x03\x04\x14\0\0\0"s).status, 201);
    for (const std::string& bytes : {"MZ\x90\0\x03\0\0\0"s,
                                     "\x7F"
                                     "ELF\x02\x01\x01"s,
                                     "a\0b"s, "caf\xE9"s}) {
        ApiAnswer refused = Upload(ticket_, "harmless.txt", bytes);
        EXPECT_EQ(refused.status, 415) << refused.body;
        EXPECT_EQ(refused.ErrorCode(), "unsupported_media_type");
        EXPECT_TRUE(Contains(refused.body, "PNG, JPEG, GIF, WebP")) << refused.body;
    }
    ApiAnswer nameless = Upload(ticket_, "", "text");
    EXPECT_EQ(nameless.status, 400);
    EXPECT_EQ(Fields(nameless), std::vector<std::string>{"name"});
    EXPECT_EQ(Fields(Upload(ticket_, "empty.txt", "")), std::vector<std::string>{"body"});
    // The name is made safe before it is stored.
    ApiAnswer traversal = Upload(ticket_, "../../etc/passwd", "root:x:0:0\n");
    ASSERT_EQ(traversal.status, 201);
    EXPECT_EQ(traversal.json["attachment"]["name"], "passwd");
    // Read-only members upload nothing.
    EXPECT_EQ(Upload(ticket_, "x.txt", "x", "text/plain", Who::Louis).status, 403);
}

TEST_F(SupportAttachmentTest, AFileIsAtMost10MegabytesAndATicketHoldsAtMost20) {
    std::string limit = PdfBytes(kMaxAttachmentBytes);
    ApiAnswer largest = Upload(ticket_, "manual.pdf", limit);
    ASSERT_EQ(largest.status, 201) << largest.body.substr(0, 300);
    EXPECT_EQ(As(Who::Anne)
                  .Get("/api/v1/attachments/" + largest.json["attachment"]["id"].dump())
                  .body.size(),
              kMaxAttachmentBytes);
    ApiAnswer over = Upload(ticket_, "manual.pdf", PdfBytes(kMaxAttachmentBytes + 1));
    EXPECT_EQ(over.status, 413) << over.body.substr(0, 300);
    EXPECT_EQ(over.ErrorCode(), "too_large");

    // Every other route keeps the server's payload limit (1 MiB).
    ApiAnswer comment = As(Who::Anne).Post(TicketPath(ticket_, "/comments"),
                                           {{"body", std::string(config_.max_body_bytes, 'x')}});
    EXPECT_EQ(comment.status, 413);
    EXPECT_EQ(comment.ErrorCode(), "payload_too_large");

    for (int i = 1; i < kMaxAttachmentsPerTicket; ++i) {
        ASSERT_EQ(Upload(ticket_, "log" + std::to_string(i) + ".txt", "line\n").status, 201) << i;
    }
    ApiAnswer full = Upload(ticket_, "one-more.txt", "line\n");
    EXPECT_EQ(full.status, 409) << full.body;
    EXPECT_EQ(full.ErrorCode(), "too_many_attachments");
    EXPECT_EQ(Ticket(ticket_)["attachments"].size(), static_cast<size_t>(kMaxAttachmentsPerTicket));
}

// The raw body is accepted on this route only, and still only from the portal itself.
TEST_F(SupportAttachmentTest, TheRawBodyStillNeedsThePortalsHeader) {
    ApiAnswer forged = As(Who::Anne).PostText(TicketPath(ticket_, "/attachments?name=a.png"),
                                              PngBytes(), "image/png", {{"X-Requested-With", ""}});
    EXPECT_EQ(forged.status, 403) << forged.body;
    EXPECT_EQ(forged.ErrorCode(), "csrf_refused");
    ApiAnswer cross =
        As(Who::Anne).PostText(TicketPath(ticket_, "/attachments?name=a.png"), PngBytes(),
                               "image/png", {{"Origin", "https://evil.example"}});
    EXPECT_EQ(cross.status, 403);
    // Any other route still wants JSON.
    ApiAnswer raw = As(Who::Anne).PostText(TicketPath(ticket_, "/comments"), "hello",
                                           "application/octet-stream");
    EXPECT_EQ(raw.status, 415) << raw.body;
    // An upload retried under the same key is stored once.
    httplib::Headers key = {{"Idempotency-Key", "upload-1"}};
    ApiAnswer first = As(Who::Anne).PostText(TicketPath(ticket_, "/attachments?name=a.png"),
                                             PngBytes(), "image/png", key);
    ApiAnswer again = As(Who::Anne).PostText(TicketPath(ticket_, "/attachments?name=a.png"),
                                             PngBytes(), "image/png", key);
    ASSERT_EQ(first.status, 201) << first.body;
    EXPECT_EQ(again.json, first.json);
    EXPECT_EQ(again.Header("Idempotent-Replayed"), "true");
    EXPECT_EQ(Ticket(ticket_)["attachments"].size(), 1u);
}

}  // namespace
}  // namespace portal::server
