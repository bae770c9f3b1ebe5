// The bksb sandbox (issue 5) starts here.
