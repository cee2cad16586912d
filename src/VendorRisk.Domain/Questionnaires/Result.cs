using System.Collections.Immutable;

namespace VendorRisk.Domain.Questionnaires;

/// <summary>An expected failure: where it happened (a JSON path such as <c>$.sections[0].items[2].visibleIf</c>) and why.</summary>
public sealed record QuestionnaireError(string Path, string Message)
{
    public override string ToString() => Path.Length == 0 ? Message : $"{Path}: {Message}";
}

/// <summary>
/// Success with a value, or a non-empty list of errors. Used instead of exceptions for failures that
/// user input can cause (bad JSON, bad expressions, refused edits), so callers must look at them.
/// </summary>
public sealed class Result<T>
{
    private readonly T? _value;

    private Result(T? value, ImmutableArray<QuestionnaireError> errors)
    {
        _value = value;
        Errors = errors;
    }

    public ImmutableArray<QuestionnaireError> Errors { get; }

    public bool IsSuccess => Errors.IsEmpty;

    public bool IsFailure => !IsSuccess;

    /// <summary>The value; reading it from a failed result is a programming error.</summary>
    public T Value => IsSuccess
        ? _value!
        : throw new InvalidOperationException("Result has errors: " + string.Join("; ", Errors));

#pragma warning disable CA1000 // Static factories on the generic type read best at call sites: Result<T>.Success(x).
    public static Result<T> Success(T value) => new(value, ImmutableArray<QuestionnaireError>.Empty);

    public static Result<T> Failure(IEnumerable<QuestionnaireError> errors)
    {
        var list = errors.ToImmutableArray();
        if (list.IsEmpty)
        {
            throw new ArgumentException("A failure needs at least one error.", nameof(errors));
        }

        return new Result<T>(default, list);
    }

    public static Result<T> Failure(string path, string message) => Failure([new QuestionnaireError(path, message)]);
#pragma warning restore CA1000

    public Result<TOut> Map<TOut>(Func<T, TOut> map) =>
        IsSuccess ? Result<TOut>.Success(map(_value!)) : Result<TOut>.Failure(Errors);

    public Result<TOut> Bind<TOut>(Func<T, Result<TOut>> bind) =>
        IsSuccess ? bind(_value!) : Result<TOut>.Failure(Errors);

    public override string ToString() => IsSuccess ? $"Success({_value})" : $"Failure({string.Join("; ", Errors)})";
}
