// Fuzz target: the TZif reader (core ParseTzif, which server/time_zones.cpp feeds with the
// system's tzdata) and the POSIX TZ rule of a TZif footer, then the questions Insights asks of
// a zone: the offset, the local date and the local days' boundaries at a few moments.
// First byte: 0 reads the rest as a TZif file; 1 wraps the rest, as its footer rule, in a
// version 2 file without transitions (so that the fuzzer reaches the rule parser at once).
#include <string>

#include "core/insights.h"
#include "fuzz_input.h"

namespace {

namespace insights = portal::insights;

// A TZif header: version '2', the six counts (isutcnt isstdcnt leapcnt timecnt typecnt charcnt).
std::string Header() {
    std::string header = "TZif2" + std::string(15, '\0');
    const unsigned char counts[24] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                      0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 4};
    header.append(reinterpret_cast<const char*>(counts), sizeof counts);
    return header;
}

// One time type (UTC, not DST, abbreviation "UTC") and no transitions, in either data block.
std::string WithRule(std::string_view rule) {
    const std::string data("\0\0\0\0\0\0UTC\0", 10);
    return Header() + data + Header() + data + "\n" + std::string(rule) + "\n";
}

// 1900-01-01, 1970-01-01, 2000-02-29, 2026-03-29 (a change in Europe), 2038-01-19 (past 32
// bits), 2100-03-01, 2200-01-01.
constexpr insights::Seconds kMoments[] = {-2208988800, 0,          951782400, 1774746000,
                                          2147483648,  4107542400, 7258118400};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // tzdata's largest zone is under 4 KiB; 64 KiB leaves room for every count the header allows
    // to be exercised without the fuzzer spending its time on copies.
    if (size > 65536) return 0;
    std::string_view input = portal::fuzz::Text(data, size);
    size_t mode = 0;
    if (!portal::fuzz::Select(input, 2, mode)) return 0;
    std::string bytes = mode == 0 ? std::string(input) : WithRule(input);
    insights::TimeZone zone;
    zone.name = "Fuzz/Zone";
    std::string error;
    if (!insights::ParseTzif(bytes, zone, error)) return 0;
    for (insights::Seconds moment : kMoments) {
        insights::OffsetAt(zone, moment);
        insights::LocalDate(zone, moment);
        // Three days around the moment: a day of 23 or 25 hours comes out as such.
        insights::LocalDayBoundaries(zone, moment - 86400, moment + 2 * 86400);
    }
    return 0;
}
