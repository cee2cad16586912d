namespace VendorRisk.Application.Common;

/// <summary>One page of a list (<paramref name="Page"/> from 1) and the number of items on all pages together.</summary>
public sealed record PageOf<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount)
{
    public int TotalPages => Math.Max(1, (TotalCount + PageSize - 1) / PageSize);
}
