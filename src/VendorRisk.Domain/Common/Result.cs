namespace VendorRisk.Domain.Common;

/// <summary>An expected failure as a value: callers must look at it and show <see cref="Error"/>.</summary>
public readonly record struct Result(bool Succeeded, string? Error)
{
    public static Result Ok() => new(true, null);
    public static Result Fail(string error) => new(false, error);
}
