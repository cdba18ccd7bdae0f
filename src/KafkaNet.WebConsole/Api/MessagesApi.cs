using KafkaNet.WebConsole.Dispatch;
using KafkaNet.WebConsole.Dto;
using KafkaNet.WebConsole.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace KafkaNet.WebConsole.Api;

/// <summary>
/// GET topics/{name}/partitions/{partition}/records: records from an offset (?offset=), from the first at or after a
/// time (?timestamp=, milliseconds since the epoch), the last ones (?from=latest) or the first ones (the default).
/// </summary>
internal static class MessagesApi
{
    private const int DefaultLimit = 50;
    private const int MaxLimit = 500;

    public static void Map(RouteGroupBuilder api, BrokerRequests kafka)
    {
        api.MapGet("/topics/{name}/partitions/{partition:int}/records",
            async (string name, int partition, string? from, long? offset, long? timestamp, int? limit, CancellationToken cancellationToken) =>
            {
                int count = Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit);
                long start = await kafka.OffsetAtAsync(name, partition, OffsetQueries.Earliest, cancellationToken).ConfigureAwait(false) ?? 0;
                long end = await kafka.OffsetAtAsync(name, partition, OffsetQueries.Latest, cancellationToken).ConfigureAwait(false) ?? start;
                long first = start;
                if (timestamp is { } time)
                {
                    first = await kafka.OffsetAtAsync(name, partition, time, cancellationToken).ConfigureAwait(false) ?? end;
                }
                else if (offset is { } requested)
                {
                    first = Math.Clamp(requested, start, end);
                }
                else if (string.Equals(from, "latest", StringComparison.OrdinalIgnoreCase))
                {
                    first = Math.Max(start, end - count);
                }
                var fetched = first >= end
                    ? new FetchedRecords(start, end, [])
                    : await kafka.FetchAsync(name, partition, first, count, cancellationToken).ConfigureAwait(false);
                var records = fetched.Records.Select(ToDto).ToList();
                return Results.Json(new RecordsDto(name, partition, first, start, end, records), ConsoleJsonContext.Default.RecordsDto);
            });
    }

    private static RecordDto ToDto(FetchedRecord record) =>
        new(record.Offset, record.Timestamp, record.LogAppendTime ? "LogAppendTime" : "CreateTime", Base64(record.Key), Base64(record.Value),
            record.Headers.Select(h => new HeaderDto(h.Key, Base64(h.Value))).ToList());

    private static string? Base64(byte[]? bytes) => bytes is null ? null : Convert.ToBase64String(bytes);
}
