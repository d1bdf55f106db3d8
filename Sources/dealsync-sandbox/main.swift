await SandboxCommand.main()
