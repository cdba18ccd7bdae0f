using Microsoft.CodeAnalysis;

namespace KafkaNet.Protocol.Generator;

internal static class Diagnostics
{
    public static readonly DiagnosticDescriptor InvalidSpec = new DiagnosticDescriptor(
        id: "KNP001",
        title: "Invalid protocol spec",
        messageFormat: "{0}: {1}",
        category: "KafkaNet.Protocol",
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DuplicateMessage = new DiagnosticDescriptor(
        id: "KNP002",
        title: "Duplicate protocol message",
        messageFormat: "message '{0}' is defined by more than one spec file",
        category: "KafkaNet.Protocol",
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InternalError = new DiagnosticDescriptor(
        id: "KNP003",
        title: "Protocol generator failed",
        messageFormat: "{0}: generation failed: {1}",
        category: "KafkaNet.Protocol",
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DuplicateApiKey = new DiagnosticDescriptor(
        id: "KNP004",
        title: "Duplicate API key",
        messageFormat: "API key {0} is used by both {1} and {2}",
        category: "KafkaNet.Protocol",
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);
}
