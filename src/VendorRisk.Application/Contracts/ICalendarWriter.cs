using System.Globalization;
using System.Text;

namespace VendorRisk.Application.Contracts;

/// <summary>One all-day event of a feed.</summary>
public sealed record CalendarEvent(string Uid, DateOnly Day, string Summary, string Description, string? Url, DateTimeOffset Stamp);

/// <summary>
/// Writes an iCalendar (RFC 5545) document: CRLF line ends, TEXT values escaped (backslash, semicolon, comma, line
/// breaks) and content lines folded at 75 octets without splitting a UTF-8 character.
/// </summary>
public static class ICalendarWriter
{
    public const string ContentType = "text/calendar; charset=utf-8";
    private const int MaxOctets = 75;

    public static string Write(string calendarName, IEnumerable<CalendarEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var ics = new StringBuilder();
        Line(ics, "BEGIN:VCALENDAR");
        Line(ics, "VERSION:2.0");
        Line(ics, "PRODID:-//VendorRisk//Obligation deadlines//EN");
        Line(ics, "CALSCALE:GREGORIAN");
        Line(ics, "METHOD:PUBLISH");
        Line(ics, "X-WR-CALNAME:" + Escape(calendarName));
        foreach (var e in events)
        {
            Line(ics, "BEGIN:VEVENT");
            Line(ics, "UID:" + Escape(e.Uid));
            Line(ics, "DTSTAMP:" + e.Stamp.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
            Line(ics, "DTSTART;VALUE=DATE:" + e.Day.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
            Line(ics, "DTEND;VALUE=DATE:" + e.Day.AddDays(1).ToString("yyyyMMdd", CultureInfo.InvariantCulture));
            Line(ics, "SUMMARY:" + Escape(e.Summary));
            Line(ics, "DESCRIPTION:" + Escape(e.Description));
            if (e.Url is not null) Line(ics, "URL:" + e.Url);
            Line(ics, "TRANSP:TRANSPARENT");
            Line(ics, "END:VEVENT");
        }
        Line(ics, "END:VCALENDAR");
        return ics.ToString();
    }

    /// <summary>TEXT escaping of RFC 5545 section 3.3.11.</summary>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var escaped = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\\': escaped.Append(@"\\"); break;
                case ';': escaped.Append(@"\;"); break;
                case ',': escaped.Append(@"\,"); break;
                case '\r':
                    if (i + 1 < value.Length && value[i + 1] == '\n') i++;
                    escaped.Append(@"\n");
                    break;
                case '\n': escaped.Append(@"\n"); break;
                default:
                    // Other control characters are not allowed in TEXT.
                    if (!char.IsControl(c) || c == '\t') escaped.Append(c);
                    break;
            }
        }
        return escaped.ToString();
    }

    /// <summary>Appends one content line, folded: no physical line is longer than 75 octets (a continuation starts with a space).</summary>
    private static void Line(StringBuilder ics, string line)
    {
        var octets = 0;
        var limit = MaxOctets;
        for (var i = 0; i < line.Length; i++)
        {
            var length = char.IsHighSurrogate(line[i]) && i + 1 < line.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(line.AsSpan(i, length));
            if (octets + size > limit)
            {
                ics.Append("\r\n ");
                octets = 0;
                limit = MaxOctets - 1; // the leading space counts
            }
            ics.Append(line, i, length);
            octets += size;
            i += length - 1;
        }
        ics.Append("\r\n");
    }
}
