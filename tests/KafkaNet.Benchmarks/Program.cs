using BenchmarkDotNet.Running;
using KafkaNet.Benchmarks;

// Micro-benchmarks: dotnet run -c Release --project tests/KafkaNet.Benchmarks -- --filter '*'
// Storage soak (peak memory while the log grows): ... -- storage-soak [GiB] [partitions]
if (args.Length > 0 && args[0] == "storage-soak")
{
    return await StorageSoak.RunAsync(args).ConfigureAwait(false);
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
