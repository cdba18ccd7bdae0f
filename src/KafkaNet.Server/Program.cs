using KafkaNet.Server;

return await ServerHost.RunAsync(args).ConfigureAwait(false);
