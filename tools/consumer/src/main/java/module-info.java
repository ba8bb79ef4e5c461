/** Read only on the module path; on the class path the same classes run unnamed. */
module example.consumer {
    requires io.github.sockopt4j;
}
