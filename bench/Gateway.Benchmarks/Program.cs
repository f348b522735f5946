if (args.Length > 0 && args[0] == "srtp-cpu") return Gateway.Benchmarks.SrtpCpuTime.Run(args);
BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
