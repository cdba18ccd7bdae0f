using BenchmarkDotNet.Running;
using KafkaNet.Benchmarks;
using KafkaNet.Benchmarks.Groups;

// Micro-benchmarks: dotnet run -c Release --project tests/KafkaNet.Benchmarks -- --filter '*'
// Storage soak (peak memory while the log grows): ... -- storage-soak [GiB] [partitions]
// Consumer groups against the server process: ... -- group-bench [classic] [consumer] [commits] [--runs K] ...
if (args.Length > 0 && args[0] == "storage-soak")
{
    return await StorageSoak.RunAsync(args).ConfigureAwait(false);
}
if (args.Length > 0 && args[0] == "group-bench")
{
    return await GroupBench.RunAsync(args).ConfigureAwait(false);
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
