// Checks of text people type, shared by the server (which refuses) and the app (which may say
// so before sending): email syntax and what one line of text may hold. No I/O.
#pragma once

#include <string_view>

namespace portal {

// An address the portal accepts: a practical subset of RFC 5321 (issue 16). The local part is
// a dot-atom (A-Z a-z 0-9 and !#$%&'*+/=?^_`{|}~-, no leading, trailing or double dot, at most
// 64 bytes), then "@", then a domain of at least two labels ([A-Za-z0-9-], not starting or
// ending with "-", at most 63 each) whose last label is letters only (at least 2), at most 254
// bytes in all. No quoted strings, comments, brackets or IP literals: nobody's mail needs them
// and each is a way to smuggle a separator into a header or a list.
bool IsValidEmail(std::string_view email);

// Whether text is valid UTF-8 (no overlong forms, surrogates or code points past Unicode).
bool IsUtf8(std::string_view text);

// Text for one line (names, subjects, labels): valid UTF-8 without control characters (bytes
// below 0x20, DEL, C1 controls U+0080..U+009F) nor the Unicode line and paragraph separators
// (U+2028, U+2029), any of which could split a header, a log line or a CSV row.
bool IsOneLineText(std::string_view text);

// Text of several lines (descriptions, comments): valid UTF-8 whose only control characters
// are tab, line feed and carriage return.
bool IsMultiLineText(std::string_view text);

}  // namespace portal
