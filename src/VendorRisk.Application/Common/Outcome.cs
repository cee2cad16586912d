namespace VendorRisk.Application.Common;

public enum OutcomeStatus
{
    Ok,
    /// <summary>The resource does not exist for this actor (another tenant's id reads the same: no existence oracle).</summary>
    NotFound,
    /// <summary>The actor may see the resource but not do this to it.</summary>
    Forbidden,
    /// <summary>The input breaks a rule; <see cref="Outcome.Errors"/> names the fields.</summary>
    Invalid,
    /// <summary>The resource moved on meanwhile (a stale version, a decision already taken, a state that no longer allows it).</summary>
    Conflict,
}

/// <summary>A message for one input field (by the operation's input property name), or for the whole form when <see cref="Field"/> is empty.</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>An expected failure, convertible to any <see cref="Outcome"/>: <c>return Fail.NotFound();</c> in any operation.</summary>
public sealed record Failure(OutcomeStatus Status, string Message, IReadOnlyList<FieldError> Errors);

public static class Fail
{
    public static Failure NotFound(string message = "There is no such record.") => new(OutcomeStatus.NotFound, message, []);
    public static Failure Forbidden(string message = "Your roles in this organisation do not allow this.") => new(OutcomeStatus.Forbidden, message, []);
    public static Failure Conflict(string message) => new(OutcomeStatus.Conflict, message, []);
    public static Failure Invalid(string field, string message) => new(OutcomeStatus.Invalid, message, [new FieldError(field, message)]);
    public static Failure Invalid(IReadOnlyList<FieldError> errors) =>
        errors.Count == 0 ? throw new ArgumentException("An invalid outcome names at least one error.", nameof(errors))
            : new(OutcomeStatus.Invalid, errors[0].Message, errors);
}

/// <summary>
/// What an operation did, as a value: expected failures are never exceptions, so every caller (page, API endpoint, job) must look
/// at the status and show the message where the user is.
/// </summary>
public class Outcome
{
    private protected Outcome(Failure? failure)
    {
        Status = failure?.Status ?? OutcomeStatus.Ok;
        Message = failure?.Message;
        Errors = failure?.Errors ?? [];
    }

    public OutcomeStatus Status { get; }
    /// <summary>For failures: one sentence for the person acting. For Invalid it is the first of <see cref="Errors"/>.</summary>
    public string? Message { get; }
    public IReadOnlyList<FieldError> Errors { get; }
    public bool Succeeded => Status == OutcomeStatus.Ok;

    /// <summary>This outcome's failure, to pass on as another operation's outcome.</summary>
    public Failure AsFailure() => Succeeded
        ? throw new InvalidOperationException("A successful outcome is no failure.")
        : new Failure(Status, Message!, Errors);

    public static Outcome Ok() => new(null);

    public static implicit operator Outcome(Failure failure) => new(failure);
}

/// <summary>An <see cref="Outcome"/> that carries the operation's result when it succeeded.</summary>
public sealed class Outcome<T> : Outcome
{
    private Outcome(T value) : base(null) => Value = value;

    private Outcome(Failure failure) : base(failure) => Value = default;

    /// <summary>The result; only meaningful when <see cref="Outcome.Succeeded"/>.</summary>
    public T? Value { get; }

    public static implicit operator Outcome<T>(T value) => new(value);

    public static implicit operator Outcome<T>(Failure failure) => new(failure);
}
