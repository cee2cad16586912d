namespace VendorRisk.Domain.Common;

/// <summary>
/// The range of dates the portal accepts for business dates (contract terms, due dates, conditions), and date arithmetic that
/// never overflows. A date outside the range is a typing slip (0001-01-01, 9999-12-31), refused where it is entered; dates already
/// stored out of range are still shown, because the arithmetic here stops at <see cref="DateOnly.MinValue"/> and
/// <see cref="DateOnly.MaxValue"/> instead of throwing (issue 16: such dates made pages answer 500 on every visit).
/// </summary>
public static class BusinessDates
{
    public static readonly DateOnly Earliest = new(1900, 1, 1);
    public static readonly DateOnly Latest = new(2200, 12, 31);

    public static bool InRange(DateOnly day) => day >= Earliest && day <= Latest;

    /// <summary>Whether the UTC day of <paramref name="moment"/> is within the range (incident times, dated events).</summary>
    public static bool InRange(DateTimeOffset moment) => moment >= new DateTimeOffset(Earliest.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
        && moment < new DateTimeOffset(Latest.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The message for a date outside the range, naming the field as the person sees it ("The start date").</summary>
    public static string OutOfRangeMessage(string what) =>
        $"{what} must be between {Earliest:yyyy-MM-dd} and {Latest:yyyy-MM-dd}.";

    /// <summary><paramref name="day"/> plus <paramref name="days"/>, stopping at the first or last representable day.</summary>
    public static DateOnly AddDays(DateOnly day, int days)
    {
        var number = (long)day.DayNumber + days;
        return number <= DateOnly.MinValue.DayNumber ? DateOnly.MinValue
            : number >= DateOnly.MaxValue.DayNumber ? DateOnly.MaxValue
            : DateOnly.FromDayNumber((int)number);
    }

    /// <summary><paramref name="day"/> plus <paramref name="months"/>, stopping at the first or last representable day.</summary>
    public static DateOnly AddMonths(DateOnly day, int months)
    {
        var index = (long)day.Year * 12 + day.Month - 1 + months;
        if (index < 12) return DateOnly.MinValue; // before year 1
        if (index > 9999L * 12 + 11) return DateOnly.MaxValue;
        return day.AddMonths(months);
    }

    /// <summary>Whether adding <paramref name="months"/> stays within representable dates.</summary>
    public static bool CanAddMonths(DateOnly day, int months)
    {
        var index = (long)day.Year * 12 + day.Month - 1 + months;
        return index >= 12 && index <= 9999L * 12 + 11;
    }
}
