namespace VendorRisk.Infrastructure;

/// <summary>
/// A setting that stops the portal from starting (missing, malformed, or pointing at something unreachable). The host prints
/// its message alone, without a stack trace: the operator needs the setting's name and what to do, not our call stack.
/// </summary>
public sealed class InvalidConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
