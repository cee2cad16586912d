namespace VendorRisk.Domain.Common;

/// <summary>
/// A state change the domain refuses (an illegal transition, a used token). Pages turn it into a message
/// beside the form; it never becomes a 500.
/// </summary>
public sealed class DomainException(string message) : Exception(message);
